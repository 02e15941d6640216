/**
 * Data for rig/seed.ts: the special test messages, the fixture layout and the demo's
 * vocabulary. Everything is deterministic (fixed dates, seeded PRNG, fixed Message-IDs and
 * MIME boundaries) so two seeds produce byte-identical messages.
 */
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import MailComposer from 'nodemailer/lib/mail-composer';

// --------------------------------------------------------------------------- constants

/** Subjects (decoded) of the special messages; present in INBOX of both seeds, as the newest. */
export const SPECIAL = {
  /** ~3 KB text/plain + 20 MiB `dataset.bin` (base64: a ~28 MB part). */
  largeAttachment: 'Lab report with data (large attachment)',
  /** multipart/alternative; the HTML has remote images, <style>, <script>, onclick, a form, a link and a cid: image. */
  newsletter: 'Feather Weekly: remote images, scripts and an inline logo',
  /** multipart/mixed: short text + message/rfc822 (itself multipart/mixed with alternative and attachment). */
  forwarded: 'Fwd: Budget meeting notes',
  /** ISO-8859-1 quoted-printable body and an ISO-8859-1 RFC 2047 subject. */
  legacyCharset: 'Grüße aus Köln',
  /** windows-1252 8bit body (€, curly quotes) and a windows-1252 encoded subject. */
  legacyWindows1252: 'Rechnung über 42 € – “final”',
  /** KOI8-R 8bit body and a KOI8-R encoded subject. */
  legacyKoi8r: 'Привет из Москвы',
  /** Non-ASCII subject and sender name (UTF-8, RFC 2047 by nodemailer), non-ASCII attachment filename. */
  nonAscii: 'Привет — 你好 — Ünïcödé',
  /** A single text/html part, no text alternative. */
  htmlOnly: 'HTML only: no plain-text part',
  /** A 200 KB UTF-8 text part (multi-byte characters throughout): only its first 64 KB is fetched at first. */
  hugeText: 'Thesis draft, full text (200 KB)',
  /** Hostile structure: multipart/mixed nested DEEP_NESTING_LEVELS deep around one text part (imapflow cannot parse its BODYSTRUCTURE). */
  deepNesting: 'Nested 25 levels deep',
  /** A Date header that is not a date (BAD_DATE_HEADER): list and message show INTERNALDATE instead. Fixtures only. */
  badDate: 'A Date header that is not a date',
  /** A format=flowed (RFC 3676) reply: soft-wrapped paragraphs, nested quotes, a URL, an address, a signature. Fixtures only. */
  flowedReply: 'Re: Second chapter of the draft',
} as const;

/** What the flowed reply (SPECIAL.flowedReply) says, as its reader should see it. */
export const FLOWED_REPLY = {
  /** Its second paragraph: three flowed lines joined into one. */
  joined:
    'thanks for the summary. I read the draft on the train and left my comments in the shared folder at https://docs.example.edu/feather/draft-3 (it opens from the campus network only).',
  url: 'https://docs.example.edu/feather/draft-3',
  address: 'lab-office@uni.example.edu',
  /** The first quote's first paragraph (two flowed lines, depth 1). */
  quoted: 'Could you read the second chapter before Thursday? It is the one I am least sure about, especially the part on reading mail offline.',
  /** The quote inside the quote (depth 2). */
  nested: 'Is the seminar room free on Thursday morning?',
  /** Text that names a javascript: URL, which must stay text. */
  script: 'javascript:alert(document.cookie)',
} as const;
/** The reply as sent: lines of at most 78 characters, the flowed ones ending in a space (CRLF added when built). */
const FLOWED_REPLY_LINES = [
  'Hi Alex,',
  '',
  'thanks for the summary. I read the draft on the train and left my ',
  'comments in the shared folder at https://docs.example.edu/feather/draft-3 ',
  '(it opens from the campus network only).',
  '',
  'On Tuesday, Priya Raman wrote:',
  '> Could you read the second chapter before Thursday? It is the one I am ',
  '> least sure about, especially the part on reading mail offline.',
  '>',
  '>> Is the seminar room free on Thursday morning?',
  '>',
  '> Yes, from nine until noon.',
  '',
  'If the room is taken, write to lab-office@uni.example.edu. And please do not ',
  `paste ${FLOWED_REPLY.script} into the address bar.`,
  '',
  '-- ',
  'Sam O’Neill',
  'Student office',
];

export const BAD_DATE_HEADER = 'sometime next week, probably';

export const HUGE_TEXT_END = 'END OF THE DRAFT — Ende des Entwurfs — конец черновика.';
/** The huge text: numbered lines of mixed scripts, about 200 KB of UTF-8, ending with HUGE_TEXT_END. */
export function hugeText(): string {
  const lines: string[] = [];
  for (let i = 1; lines.join('\n').length < 120_000; i++) lines.push(`Zeile ${String(i).padStart(4, '0')}: Größe, Maße, Café — Привет, мир — 你好，世界 — Ελλάδα.`);
  return `${lines.join('\n')}\n${HUGE_TEXT_END}\n`;
}

export const DEEP_NESTING_LEVELS = 25;
export const DEEP_NESTING_TEXT = 'The text at the bottom of a deeply nested message.';

export type SpecialKey = keyof typeof SPECIAL;
/** Order in which the specials are appended (oldest first) after the ordinary messages of the demo and the bench. */
export const SPECIAL_ORDER: SpecialKey[] = [
  'hugeText',
  'deepNesting',
  'legacyCharset',
  'legacyWindows1252',
  'legacyKoi8r',
  'forwarded',
  'htmlOnly',
  'nonAscii',
  'newsletter',
  'largeAttachment',
];

export const NON_ASCII_SENDER = { name: 'Zoë Ångström', address: 'zoe.angstrom@example.org' };
export const LARGE_ATTACHMENT_NAME = 'dataset.bin';
export const LARGE_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const NON_ASCII_ATTACHMENT_NAME = 'Übersicht café 2024.txt';

/** Fixtures: INBOX holds exactly this many messages (3 pages of 50). */
export const FIXTURE_INBOX_COUNT = 120;
/** The test fixtures' specials: every demo special, and the ones only tests need (the bench's mailbox stays as it was). */
export const FIXTURE_SPECIAL_ORDER: SpecialKey[] = ['badDate', 'flowedReply', ...SPECIAL_ORDER];
export const FIXTURE_SPECIAL_COUNT = FIXTURE_SPECIAL_ORDER.length;
/** Ordinary INBOX messages `Fixture message 001` … before the specials. */
export const FIXTURE_PLAIN_COUNT = FIXTURE_INBOX_COUNT - FIXTURE_SPECIAL_COUNT;
export const fixtureSubject = (n: number) => `Fixture message ${String(n).padStart(3, '0')}`;
/** Flags of ordinary fixture message n (1-based); the specials are all unseen. */
export function fixtureFlags(n: number): { seen: boolean; flagged: boolean; answered: boolean } {
  return { seen: n % 3 !== 0, flagged: n % 10 === 0, answered: n % 7 === 0 };
}
/** Folder → message count in the fixture account (INBOX included; special-use folders are auto-created). */
export const FIXTURE_FOLDERS: Record<string, number> = {
  INBOX: FIXTURE_INBOX_COUNT,
  Projects: 5,
  'Projects/Feather': 3,
  Café: 2,
  Empty: 0,
  Sent: 2,
  Drafts: 0,
  Trash: 0,
  Junk: 0,
  Archive: 0,
};
export const FIXTURE_EMPTY_FOLDER = 'Empty';
/** Date of ordinary fixture message n: one hour apart from 2024-01-01 09:00 UTC. */
export const fixtureDate = (n: number) => new Date(Date.UTC(2024, 0, 1, 9) + (n - 1) * 3600_000);

// --------------------------------------------------------------------------- helpers

/** xorshift32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  // Mix the seed first: xorshift's first outputs from neighbouring small seeds are nearly equal.
  let x = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0 || 0x9e3779b9;
  x = (x ^ (x >>> 13)) >>> 0;
  x = Math.imul(x, 0xc2b2ae35) >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

/** Deterministic random-looking bytes (xorshift32 words). */
export function deterministicBytes(size: number, seed = 0xfeedbeef): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let x = seed >>> 0;
  let i = 0;
  for (; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    buf.writeUInt32LE(x, i);
  }
  for (; i < size; i++) buf[i] = (x >>> (8 * (i & 3))) & 0xff;
  return buf;
}

/** A small valid PNG (solid colour with a diagonal), for cid: images. */
export function makePng(size = 16, rgb: [number, number, number] = [0x2b, 0x6c, 0xb0]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(...(x === y ? [255, 255, 255] : rgb));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Build one message with nodemailer; fixed boundary base so output is deterministic. */
export async function compose(opts: MailComposer.Options & { messageId: string; date: Date }): Promise<Buffer> {
  const base = opts.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 24) || 'feather';
  // newline 'win': CRLF throughout, so the maildir file size is also the IMAP (virtual) size.
  return new MailComposer({ baseBoundary: base, boundaryPrefix: '--_Feather', newline: 'win', ...opts }).compile().build();
}

/** RFC 2047 Q-encode bytes of a legacy charset (for the hand-written legacy messages). */
function qWord(charset: string, bytes: Buffer): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x20) out += '_';
    else if (b > 0x20 && b < 0x7f && !'=?_"()'.includes(String.fromCharCode(b))) out += String.fromCharCode(b);
    else out += '=' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return `=?${charset}?Q?${out}?=`;
}

/** Quoted-printable for a legacy-charset body (lines ≤ 76, CRLF). */
function qpEncode(bytes: Buffer): string {
  const lines: string[] = [];
  for (const rawLine of bytes.toString('latin1').split('\n')) {
    const lineBytes = Buffer.from(rawLine.replace(/\r$/, ''), 'latin1');
    let enc = '';
    for (let i = 0; i < lineBytes.length; i++) {
      const b = lineBytes[i];
      const last = i === lineBytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || (b === 32 && !last);
      enc += plain ? String.fromCharCode(b) : '=' + b.toString(16).toUpperCase().padStart(2, '0');
    }
    // soft line breaks at 75 chars, never splitting an =XX escape
    while (enc.length > 76) {
      let cut = 75;
      if (enc[cut - 1] === '=') cut -= 1;
      else if (enc[cut - 2] === '=') cut -= 2;
      lines.push(enc.slice(0, cut) + '=');
      enc = enc.slice(cut);
    }
    lines.push(enc);
  }
  return lines.join('\r\n');
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
const rfc2822Date = (d: Date) => d.toUTCString().replace('GMT', '+0000');

// --------------------------------------------------------------------------- special messages

export interface SeedMessage {
  raw: Buffer;
  date: Date;
  flags?: { seen?: boolean; flagged?: boolean; answered?: boolean; draft?: boolean };
}

const ME = { name: 'Alex Student', address: 'student@feather.test' };
/** The text of the large-attachment message: paragraphs of one long line each (wider than any text browser). */
export const LAB_TEXT = (() => {
  const p = [
    'Dear all,',
    'attached is the raw dataset from this week’s spectroscopy runs (dataset.bin, 20 MiB). The file is the unprocessed binary dump from the acquisition board; please do not open it in a text editor.',
    'Summary of the runs: we completed 48 acquisitions across four temperature set points (280 K, 300 K, 320 K and 340 K). Calibration was repeated before each block using the reference lamp, and the drift stayed below 0.3 nm over the whole session. Two runs (17 and 31) were aborted because the cryostat controller lost its connection; they are marked in the header block of the file and should be skipped in the analysis.',
    'Observations: the main absorption peak shifts by roughly 1.8 nm towards longer wavelengths as the temperature rises, which matches last term’s measurements. The secondary shoulder near 612 nm is much more pronounced at 340 K than we expected. Before we read too much into it, I would like someone to re-run the baseline subtraction with the updated dark frames.',
    'Next steps: (1) re-run the baseline subtraction, (2) fit the peak positions with the two-component model, (3) compare with the simulation results Priya sent on Monday, and (4) prepare two slides for the group meeting on Thursday.',
    'Practical notes: the acquisition software writes little-endian 32-bit words; the first 4 KiB are a header with the run table. The checksum of the file is in the lab wiki. If the download is slow, please fetch it once and share it locally rather than downloading it repeatedly over the VPN.',
    'Please let me know by Wednesday if anything in the dataset looks wrong, so we still have time to repeat individual runs on Thursday morning.',
    'Thanks, and have a good week,',
    'Alex',
  ];
  let text = p.join('\n\n');
  while (text.length < 3000) text += '\n\n(Appendix) Run table and calibration constants are listed in the header block of dataset.bin.';
  return text;
})();

/**
 * A message written by hand, for what a composer would not write (legacy charsets, an odd structure, a bad Date):
 * the envelope headers (ASCII: encoded words where needed), MIME-Version, then `rest` (its own Content-Type on).
 */
function handWritten(h: { from: string; to: string; subject: string; date: string; messageId: string }, rest: Buffer): Buffer {
  const head = crlf(`From: ${h.from}\nTo: ${h.to}\nSubject: ${h.subject}\nDate: ${h.date}\nMessage-ID: ${h.messageId}\nMIME-Version: 1.0\n`);
  return Buffer.concat([Buffer.from(head, 'latin1'), rest]);
}

/** A single text/plain body: its two headers and its bytes, already in `charset` and `encoding`. */
function textPart(charset: string, encoding: string, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from(crlf(`Content-Type: text/plain; charset=${charset}\nContent-Transfer-Encoding: ${encoding}\n\n`), 'ascii'), bytes]);
}

/** The lab's mailing list as a Cc of twelve (the Campus IT notice): more than the message view shows unfolded. */
export const LAB_MEMBERS = Array.from({ length: 12 }, (_, i) => ({ name: `Lab member ${i + 1}`, address: `member${i + 1}@lab.example.edu` }));

export async function buildSpecial(key: SpecialKey, date: Date, to = ME): Promise<Buffer> {
  const messageId = `<special-${key}@feather.test>`;
  switch (key) {
    case 'largeAttachment':
      return compose({
        messageId,
        date,
        from: { name: 'Priya Raman', address: 'priya.raman@lab.example.edu' },
        to,
        subject: SPECIAL.largeAttachment,
        text: LAB_TEXT,
        attachments: [
          { filename: LARGE_ATTACHMENT_NAME, content: deterministicBytes(LARGE_ATTACHMENT_BYTES), contentType: 'application/octet-stream' },
        ],
      });
    case 'newsletter': {
      const html = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Feather Weekly</title>
<style>
  body { font-family: Georgia, serif; background: url("https://example.com/track/bg.png?u=student"); }
  .hero { color: #fff; background: #2b6cb0; padding: 24px; }
  @import url("https://example.com/track/style.css");
</style>
<script>document.title = "pwned"; fetch("https://example.com/track/js?u=student");</script>
</head>
<body>
<div class="hero"><img src="cid:logo@feather.test" alt="Feather logo" width="16" height="16"> <h1>Feather Weekly</h1></div>
<p>Hello student, here is what happened this week.</p>
<p><img src="https://example.com/images/banner.jpg" alt="Weekly banner" width="600" height="200"></p>
<p onclick="alert('clicked')" style="color: #333">Click this paragraph for a surprise.</p>
<p>Read the <a href="https://example.com/articles/offline-first?utm_source=newsletter">full article about offline-first mail</a>.</p>
<form action="https://example.com/subscribe" method="post">
  <input type="email" name="email" value="student@feather.test">
  <button type="submit">Confirm subscription</button>
</form>
<p><img src="https://example.com/track/open.gif?u=student" width="1" height="1" alt=""></p>
<p style="font-size: 11px">You receive this because you subscribed. <a href="https://example.com/unsubscribe?u=student">Unsubscribe</a>.</p>
</body></html>`;
      const text = `Feather Weekly\n\nHello student, here is what happened this week.\n\nRead the full article about offline-first mail:\nhttps://example.com/articles/offline-first\n\nUnsubscribe: https://example.com/unsubscribe?u=student\n`;
      return compose({
        messageId,
        date,
        from: { name: 'Feather Weekly', address: 'news@example.com' },
        to,
        subject: SPECIAL.newsletter,
        headers: { 'List-Unsubscribe': '<https://example.com/unsubscribe?u=student>' },
        text,
        html,
        attachments: [{ filename: 'logo.png', content: makePng(), contentType: 'image/png', cid: 'logo@feather.test' }],
      });
    }
    case 'forwarded': {
      const inner = await compose({
        messageId: '<budget-original@finance.example.org>',
        date: new Date(date.getTime() - 3 * 86400_000),
        from: { name: 'Marta Kowalska', address: 'marta.kowalska@finance.example.org' },
        to: { name: 'Project team', address: 'team@finance.example.org' },
        subject: 'Budget meeting notes',
        text: 'Hi team,\n\nthe notes from today’s budget meeting are attached. Main points:\n- travel budget frozen until March\n- equipment requests due Friday\n\nMarta',
        html: '<p>Hi team,</p><p>the notes from today’s budget meeting are attached. Main points:</p><ul><li>travel budget frozen until March</li><li>equipment requests due Friday</li></ul><p>Marta</p>',
        attachments: [
          { filename: 'budget-notes.csv', contentType: 'text/csv', content: 'item,amount\ntravel,0\nequipment,12500\nsoftware,3200\n' },
        ],
      });
      return compose({
        messageId,
        date,
        from: { name: 'Jonas Weber', address: 'jonas.weber@example.net' },
        to,
        subject: SPECIAL.forwarded,
        text: 'FYI — see the original message below (it has the CSV attached).\n\nJonas',
        attachments: [{ filename: 'Budget meeting notes.eml', contentType: 'message/rfc822', content: inner }],
      });
    }
    case 'deepNesting': {
      // Hand-written on purpose: a structure no composer would make, to prove one odd message cannot break a page.
      let body = `Content-Type: text/plain; charset=utf-8\n\n${DEEP_NESTING_TEXT}\n`;
      for (let level = DEEP_NESTING_LEVELS; level >= 1; level--) {
        const boundary = `nest-${level}`;
        body = `Content-Type: multipart/mixed; boundary="${boundary}"\n\n--${boundary}\n${body}\n--${boundary}--\n`;
      }
      return handWritten({ from: 'Fuzz Tester <fuzz@example.org>', to: `${ME.name} <${ME.address}>`, subject: SPECIAL.deepNesting, date: rfc2822Date(date), messageId }, Buffer.from(crlf(body), 'utf8'));
    }
    case 'badDate':
      // Hand-written on purpose: a composer would write a valid Date header.
      return handWritten(
        { from: 'Clock Skew <skew@example.org>', to: `${ME.name} <${ME.address}>`, subject: SPECIAL.badDate, date: BAD_DATE_HEADER, messageId },
        Buffer.from(crlf('Content-Type: text/plain; charset=utf-8\n\nThe list and this page show when the message arrived, since its Date header says nothing.\n'), 'utf8'),
      );
    case 'flowedReply':
      // Hand-written on purpose: nodemailer does not write format=flowed.
      return handWritten(
        { from: "Sam O'Neill <sam.oneill@example.ie>", to: `${ME.name} <${ME.address}>`, subject: SPECIAL.flowedReply, date: rfc2822Date(date), messageId },
        Buffer.from(crlf(`Content-Type: text/plain; charset=utf-8; format=flowed\nContent-Transfer-Encoding: 8bit\n\n${FLOWED_REPLY_LINES.join('\n')}\n`), 'utf8'),
      );
    // Hand-written on purpose: nodemailer always writes UTF-8.
    case 'legacyCharset': {
      const body = Buffer.from(
        'Liebe Studierende,\n\nviele Grüße aus Köln! Die Übung am Dienstag fällt aus; wir treffen uns stattdessen am Freitag um 14 Uhr im Hörsaal Ä.\n\nMit freundlichen Grüßen\nJürgen Müller\n',
        'latin1',
      );
      return handWritten(
        { from: `${qWord('ISO-8859-1', Buffer.from('Jürgen Müller', 'latin1'))} <juergen.mueller@uni-koeln.example.de>`, to: `${ME.name} <${ME.address}>`, subject: qWord('ISO-8859-1', Buffer.from(SPECIAL.legacyCharset, 'latin1')), date: rfc2822Date(date), messageId },
        textPart('iso-8859-1', 'quoted-printable', Buffer.from(qpEncode(body) + '\r\n', 'latin1')),
      );
    }
    case 'legacyWindows1252':
      return handWritten(
        { from: 'Buchhaltung <billing@example.de>', to: ME.address, subject: qWord('windows-1252', iconv.encode(SPECIAL.legacyWindows1252, 'windows-1252')), date: rfc2822Date(date), messageId },
        textPart('windows-1252', '8bit', iconv.encode(crlf('Guten Tag,\n\n„Ihre“ Rechnung über 42 € ist “final” – bitte bis Freitag überweisen…\n\nDanke!\n'), 'windows-1252')),
      );
    case 'legacyKoi8r':
      return handWritten(
        { from: `${qWord('KOI8-R', iconv.encode('Мария Иванова', 'koi8-r'))} <maria@example.ru>`, to: ME.address, subject: qWord('KOI8-R', iconv.encode(SPECIAL.legacyKoi8r, 'koi8-r')), date: rfc2822Date(date), messageId },
        textPart('koi8-r', '8bit', iconv.encode(crlf('Привет!\n\nПишу тебе из Москвы. Погода отличная, конференция интересная.\n\nМария\n'), 'koi8-r')),
      );
    case 'hugeText':
      return compose({
        messageId,
        date,
        from: { name: 'Alex Student', address: 'alex.student@uni.example.edu' },
        to,
        subject: SPECIAL.hugeText,
        text: hugeText(),
      });
    case 'nonAscii':
      return compose({
        messageId,
        date,
        from: NON_ASCII_SENDER,
        to,
        cc: [{ name: '山田 太郎', address: 'taro.yamada@example.jp' }, { name: 'Ελένη Παπαδοπούλου', address: 'eleni@example.gr' }],
        subject: SPECIAL.nonAscii,
        text: 'Hej! Привет! 你好! Γειά σου! שלום! مرحبا!\n\nThis message mixes scripts: Ünïcödé, emoji 🪶📬, combining marks (e\u0301), and right-to-left text.\n\n— Zoë',
        attachments: [{ filename: NON_ASCII_ATTACHMENT_NAME, content: 'Zusammenfassung: Größe, Maße, Café.\n', contentType: 'text/plain; charset=utf-8' }],
      });
    case 'htmlOnly':
      return compose({
        messageId,
        date,
        from: { name: 'Campus IT', address: 'it-service@uni.example.edu' },
        to,
        // Sent to the whole lab: the message view folds a long Cc behind "and N more".
        cc: LAB_MEMBERS,
        subject: SPECIAL.htmlOnly,
        html: '<html><body><h2>Scheduled maintenance</h2><p>The <b>mail service</b> will be unavailable on <time datetime="2024-03-02">Saturday, 2 March</time> from 06:00 to 08:00.</p><p>See <a href="https://status.example.edu/">the status page</a>.</p></body></html>',
      });
  }
}

// --------------------------------------------------------------------------- demo vocabulary

export const DEMO_PEOPLE: Array<{ name: string; address: string }> = [
  { name: 'Priya Raman', address: 'priya.raman@lab.example.edu' },
  { name: 'Jonas Weber', address: 'jonas.weber@example.net' },
  { name: 'Marta Kowalska', address: 'marta.kowalska@finance.example.org' },
  { name: 'Prof. Helen Carter', address: 'h.carter@uni.example.edu' },
  { name: 'José Álvarez', address: 'jose.alvarez@example.es' },
  { name: 'Björn Ødegaard', address: 'bjorn@example.no' },
  { name: 'Zoë Ångström', address: 'zoe.angstrom@example.org' },
  { name: 'Мария Иванова', address: 'maria@example.ru' },
  { name: '李雷', address: 'li.lei@example.cn' },
  { name: 'Αλέξης Νικολάου', address: 'alexis@example.gr' },
  { name: 'Fatima Zahra', address: 'fatima.zahra@example.ma' },
  { name: 'Sam O’Neill', address: 'sam.oneill@example.ie' },
  { name: 'Chen Wei', address: 'chen.wei@lab.example.edu' },
  { name: 'Aisha Bello', address: 'aisha.bello@example.ng' },
  { name: 'Library Services', address: 'library@uni.example.edu' },
  { name: 'Campus IT', address: 'it-service@uni.example.edu' },
  { name: 'Student Office', address: 'office@uni.example.edu' },
  { name: 'GitHub', address: 'notifications@github.example.com' },
  { name: 'Mensa', address: 'mensa@uni.example.edu' },
  { name: 'Noah Fischer', address: 'noah.fischer@example.de' },
  { name: 'Emma Laurent', address: 'emma.laurent@example.fr' },
  { name: 'Kenji Sato', address: 'kenji.sato@example.jp' },
  { name: 'Olivia Brown', address: 'olivia.brown@example.co.uk' },
  { name: 'Lukas Novák', address: 'lukas.novak@example.cz' },
];

export const DEMO_SUBJECTS = [
  'Meeting on {day}',
  'Re: Draft of chapter {n}',
  'Lab schedule for week {n}',
  'Your library loan is due soon',
  'Reading group: paper for {day}',
  'Question about assignment {n}',
  'Slides from today’s lecture',
  'Invitation: department seminar',
  'Coffee on {day}?',
  'Feedback on your proposal',
  'Server maintenance tonight',
  'Conference deadline extended',
  'Re: Re: Dataset access',
  'Weekly update #{n}',
  'Reminder: submit your hours',
  'Mensa menu for week {n}',
  'Über das Treffen am {day}',
  'Café meetup — bring ideas ☕',
  'Отчёт за неделю {n}',
  '会议纪要 {n}',
  'Invoice {n} for printing credits',
  'Pull request #{n}: fix pagination',
  'Travel reimbursement approved',
  'Thesis committee availability',
];

export const DEMO_SENTENCES = [
  'Thanks for the quick reply.',
  'I have attached the updated version with the changes we discussed.',
  'Could you take a look before Friday?',
  'The room is booked from two to four.',
  'Let me know if this time does not work for you.',
  'I think the second approach is simpler and easier to test.',
  'We should keep the old results for comparison.',
  'The numbers look reasonable, but the variance is higher than expected.',
  'Please remember to bring your student ID.',
  'I will forward the minutes once they are ready.',
  'Here is the link to the shared folder.',
  'The deadline has moved to the end of the month.',
  'Sorry for the late answer, I was travelling.',
  'Let us discuss the details in person.',
  'Viele Grüße und ein schönes Wochenende!',
  'Спасибо, всё получил.',
];

export const DEMO_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** Demo folder → message count (INBOX count comes from the seed options). */
export const DEMO_FOLDERS: Record<string, number> = {
  Projects: 40,
  'Projects/Feather': 60,
  'Projects/Thesis': 80,
  Lists: 10,
  'Lists/Announcements': 50,
  'Lists/Dev': 200,
  'Café Ünïcode': 15,
  Заметки: 12,
  Sent: 150,
  Drafts: 3,
  Trash: 20,
  Junk: 10,
  Archive: 100,
};

// --------------------------------------------------------------------------- the search corpus

/**
 * A small mailbox whose search answers are known (tests/integration/search.test.ts): each message's fields, day,
 * flags, labels and size are chosen so that every search criterion, alone and combined, picks a known set. Words
 * are whole words of 3 letters or more, so a full-text index (which drops shorter ones) and a plain scan agree.
 */
export interface CorpusMessage {
  subject: string;
  from: { name: string; address: string };
  to: Array<{ name: string; address: string }>;
  cc?: Array<{ name: string; address: string }>;
  body: string;
  /** The day it arrived (UTC noon of it). */
  day: string;
  seen?: boolean;
  flagged?: boolean;
  answered?: boolean;
  labels?: string[];
  /** Bytes of filler text appended to the body, to make it large. */
  padding?: number;
  /** The folder it is in, when not INBOX. */
  folder?: string;
  /** The subject of the message (in the same folder) this one answers: its In-Reply-To and References name it. */
  answers?: string;
}

const SAM = { name: 'Sam Searcher', address: 'sam@feather.test' };
const LAB_LIST = { name: 'Optics Lab', address: 'optics-lab@lists.example.edu' };
const [PRIYA, JONAS, MARTA, HELEN, JOSE, BJORN, ZOE, MARIA] = DEMO_PEOPLE;

export const SEARCH_CORPUS: CorpusMessage[] = [
  { subject: 'Telescope booking for March', from: PRIYA, to: [SAM], body: 'Can we book the telescope for the second week of March?', day: '2024-01-08', seen: true },
  { subject: 'Quarterly budget draft', from: MARTA, to: [SAM], cc: [HELEN], body: 'Attached is the quarterly budget. Please check the travel lines.', day: '2024-01-15', seen: true, flagged: true, labels: ['finance'] },
  { subject: 'Re: Telescope booking for March', from: JONAS, to: [PRIYA], cc: [SAM], body: 'The second week works for me. I will bring the spectrometer.', day: '2024-01-20', seen: true, answered: true, answers: 'Telescope booking for March' },
  { subject: 'Reimbursement of conference travel', from: MARTA, to: [SAM], body: 'Your reimbursement was approved. The money arrives within ten days.', day: '2024-02-02', seen: false, labels: ['finance'] },
  { subject: 'Lab meeting agenda', from: HELEN, to: [LAB_LIST], body: 'Agenda: calibration results, the new laser, and the budget for spring.', day: '2024-02-12', seen: true },
  { subject: 'Grüße aus Köln', from: ZOE, to: [SAM], body: 'Die Straße vor dem Institut ist endlich fertig. Herzliche Grüße!', day: '2024-02-20', seen: false, flagged: true },
  { subject: 'Отчёт о бюджете', from: MARIA, to: [SAM], body: 'Посылаю отчёт о бюджете лаборатории за квартал.', day: '2024-03-01', seen: true, labels: ['finance'] },
  { subject: 'Spectrometer calibration data', from: JONAS, to: [SAM], body: 'Raw calibration data from Tuesday, with the dark frames.', day: '2024-03-05', seen: true, padding: 80_000 },
  { subject: 'Coffee machine', from: BJORN, to: [LAB_LIST], body: 'The coffee machine on the second floor is fixed. Please descale it monthly.', day: '2024-03-11', seen: false },
  { subject: 'Thesis chapter for review', from: JOSE, to: [HELEN], cc: [SAM], body: 'Here is my third chapter. The telescope results are in section four.', day: '2024-03-18', seen: true, answered: true, padding: 120_000 },
  { subject: 'Safety training reminder', from: HELEN, to: [LAB_LIST], body: 'Laser safety training is mandatory before you use the optics bench.', day: '2024-04-02', seen: false, flagged: true, labels: ['urgent'] },
  { subject: 'Budget meeting moved', from: MARTA, to: [SAM], cc: [PRIYA, JONAS], body: 'The budget meeting moves to Thursday afternoon, same room.', day: '2024-04-09', seen: true, labels: ['finance', 'urgent'] },
  { subject: 'Holiday photos', from: ZOE, to: [SAM], body: 'Photos from the mountains, as promised. The glacier was stunning.', day: '2024-04-22', seen: true, padding: 60_000 },
  { subject: 'Spectrometer firmware update', from: BJORN, to: [SAM], body: 'Firmware version seven fixes the calibration drift we saw.', day: '2024-05-06', seen: false, answered: true },
  { subject: 'Seminar: adaptive optics', from: HELEN, to: [LAB_LIST], cc: [SAM], body: 'Next seminar is on adaptive optics for ground telescopes.', day: '2024-05-13', seen: true },
  { subject: 'Invoice for laser repair', from: MARTA, to: [SAM], body: 'The invoice for the laser repair is due at the end of May.', day: '2024-05-20', seen: true, flagged: true, labels: ['finance'] },
  { subject: 'Telescope dome leaking', from: PRIYA, to: [HELEN], cc: [SAM, JONAS], body: 'Water came through the dome again last night. Maintenance is informed.', day: '2024-06-03', seen: false, labels: ['urgent'] },
  { subject: 'Conference poster', from: JOSE, to: [SAM], body: 'Could you print my poster? It is on the shared drive, size A0.', day: '2024-06-10', seen: true },
  { subject: 'Re: Budget meeting moved', from: PRIYA, to: [MARTA], cc: [SAM], body: 'Thursday works. I will bring the travel figures.', day: '2024-06-14', seen: false, answers: 'Budget meeting moved' },
  { subject: 'Re: Budget meeting moved', from: JONAS, to: [MARTA], cc: [SAM], body: 'I cannot make Thursday, sorry.', day: '2024-06-17', seen: true, answers: 'Budget meeting moved' },
  { subject: 'Archived: old calibration notes', from: JONAS, to: [SAM], body: 'Old calibration notes from last year, for the archive.', day: '2023-11-14', seen: true, folder: 'Research' },
  { subject: 'Archived: telescope proposal', from: HELEN, to: [SAM], body: 'The accepted telescope proposal, kept for reference.', day: '2023-12-01', seen: true, folder: 'Research' },
];

/** The search corpus's folders: INBOX and the other one some of it is filed in. */
export const SEARCH_CORPUS_FOLDERS = ['INBOX', 'Research'] as const;
