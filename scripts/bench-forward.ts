/**
 * The bench's forward step: what forwarding the 20 MB-attachment message costs the web server, on each way Feather
 * has of sending it (lib/mail/deliver, as the compose form's "Send" runs it: the parts described, the message sent,
 * the copy kept in Sent). Counting proxies stand between Feather and IMAP and between Feather and SMTP:
 *   1. CATENATE + URLAUTH + BURL (Dovecot's submission server): the message is built and fetched on the servers;
 *   2. no BURL (Postfix straight): the attachment streamed from IMAP to SMTP; the Sent copy still by CATENATE;
 *   3. no CATENATE either (a courier-like Dovecot): streamed to SMTP, and the Sent copy APPENDed whole.
 * Only as root (Postfix's master must be).
 */
import type { Account, ConnectionPool } from '../lib/imap/pool';
import { openMessage, searchMessages } from '../lib/imap/mail';
import { describeParts, keepSentCopy, sendPieces, storedAttachments } from '../lib/mail/deliver';
import type { OutgoingMessage } from '../lib/mime/compose';
import { planBody } from '../lib/mime/plan';
import { startCountingProxy } from '../rig/imap-proxy';

export interface ForwardRow {
  path: string;
  via: string;
  bytesToImap: number;
  bytesFromImap: number;
  bytesToSmtp: number;
  bytesFromSmtp: number;
  /** All of it: what passed through the web server, both ways, both protocols. */
  throughFeather: number;
  imapCommands: string[];
  ms: number;
}

export interface ForwardBenchOptions {
  /** The pool's account, and where the 20 MB-attachment message is (its subject, in INBOX). */
  user: { user: string; password: string };
  subject: string;
  recipient: string;
  from: string;
  makePool: (imapPort: number) => ConnectionPool;
  paths: Array<{ name: string; imapPort: number; smtpPort: number; sent: string; drafts?: string }>;
}

/** Where the newest message with `subject` in INBOX is, and its largest attachment's section (its structure only). */
async function findOriginal(pool: ConnectionPool, account: Account, subject: string) {
  const found = await searchMessages(pool, account, 'INBOX', { text: subject, body: false }, 1);
  const row = found.messages.find((m) => m.subject === subject);
  if (!row) throw new Error(`"${subject}" is not in INBOX`);
  let attachment: { section: string; size: number } | undefined;
  const { detail } = await openMessage(pool, account, 'INBOX', row.uid, (d) => {
    attachment = planBody(d.structure!, { preferText: true }).attachments.sort((x, y) => y.size - x.size)[0];
    return [];
  }, { markSeen: false });
  if (!attachment || !detail.uidValidity) throw new Error(`"${subject}" has no attachment`);
  return { at: { folder: 'INBOX', uid: row.uid, uidValidity: detail.uidValidity }, section: attachment.section, size: detail.size, attachmentBytes: attachment.size };
}

export async function runForwardBench(o: ForwardBenchOptions, log: (line: string) => void): Promise<ForwardRow[]> {
  const rows: ForwardRow[] = [];
  for (const p of o.paths) {
    const imap = await startCountingProxy({ host: '127.0.0.1', port: p.imapPort });
    const smtp = await startCountingProxy({ host: '127.0.0.1', port: p.smtpPort });
    const pool = o.makePool(imap.port);
    try {
      const account: Account = { sid: `bench-forward-${rows.length}`, ...o.user };
      await pool.signIn(account);
      const original = await findOriginal(pool, account, o.subject);
      imap.reset();
      smtp.reset();
      const t = performance.now();
      // As the compose form's "Send" does it for a forward that keeps the original's attachment.
      const stored = storedAttachments(await describeParts(pool, account, [{ at: original.at, section: original.section }]));
      const m: OutgoingMessage = {
        from: { name: '', address: o.from },
        to: [{ name: '', address: o.recipient }],
        cc: [],
        bcc: [],
        subject: `Fwd: ${o.subject}`,
        text: 'Forwarded, with its attachment.',
        attachments: [],
        messageId: `<bench-forward-${Date.now()}-${rows.length}@feather.test>`,
        date: new Date(),
      };
      const { via } = await sendPieces({ pool, account, smtp: { host: '127.0.0.1', port: smtp.port, secure: 'none', rejectUnauthorized: true }, imap: { host: '127.0.0.1', port: p.imapPort } }, m, stored, p.drafts);
      await keepSentCopy(pool, account, p.sent, m, stored);
      const ms = performance.now() - t;
      const i = imap.stats();
      const s = smtp.stats();
      rows.push({
        path: p.name,
        via,
        bytesToImap: i.bytesToServer,
        bytesFromImap: i.bytesFromServer,
        bytesToSmtp: s.bytesToServer,
        bytesFromSmtp: s.bytesFromServer,
        throughFeather: i.bytesToServer + i.bytesFromServer + s.bytesToServer + s.bytesFromServer,
        imapCommands: i.commands,
        ms,
      });
      log(`${p.name}: via ${via}, ${(rows.at(-1)!.throughFeather / 1e6).toFixed(3)} MB through Feather (message ${original.size} B, attachment ${original.attachmentBytes} B as stored)`);
    } finally {
      await pool.closeAll();
      await imap.close();
      await smtp.close();
    }
  }
  return rows;
}

export function printForward(rows: ForwardRow[], print: (s: string) => void): void {
  const w = (v: string | number, n: number) => String(v).padStart(n);
  print('\nForward of the 20 MB-attachment message (lib/mail/deliver as "Send" runs it; bytes through the web server)\n');
  print(`${'path'.padEnd(44)} ${w('via', 7)} ${w('to IMAP', 10)} ${w('from IMAP', 10)} ${w('to SMTP', 10)} ${w('from SMTP', 10)} ${w('in all', 10)} ${w('ms', 7)}`);
  for (const r of rows) print(`${r.path.padEnd(44)} ${w(r.via, 7)} ${w(r.bytesToImap, 10)} ${w(r.bytesFromImap, 10)} ${w(r.bytesToSmtp, 10)} ${w(r.bytesFromSmtp, 10)} ${w(r.throughFeather, 10)} ${w(r.ms.toFixed(0), 7)}`);
  print('\nIMAP commands of each:');
  for (const r of rows) print(`  ${r.path}: ${runsOf(r.imapCommands).join(' | ')}`);
}

/** Commands in a row that differ only in their numbers (a streamed part's chunks) as the first, the last and a count. */
export function runsOf(commands: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < commands.length; ) {
    const shape = commands[i].replace(/\d+/g, '#');
    let j = i + 1;
    while (j < commands.length && commands[j].replace(/\d+/g, '#') === shape) j++;
    out.push(j - i > 2 ? `${commands[i]} … ${commands[j - 1]} (${j - i} commands)` : commands.slice(i, j).join(' | '));
    i = j;
  }
  return out;
}
