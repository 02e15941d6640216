import { describe, expect, it } from 'vitest';
import type { FetchMessageObject, ListResponse, MessageStructureObject } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import type { ImapResponse } from 'imapflow/lib/handler/types.js';
import { PREVIEW_MAX_CHARS, buildMailboxTree, previewOfFetch, rowNeedsStructure, translateDetail, translatePreview, translateStructure, translateSummary } from '@/lib/imap/translate';
import { rowHeaders } from '@/lib/mime/row';
import { pageRange } from '@/lib/imap/mail';

function entry(path: string, extra: Partial<ListResponse> = {}): ListResponse {
  const parts = path.split('/');
  return {
    path,
    pathAsListed: path,
    name: parts[parts.length - 1],
    delimiter: '/',
    parent: parts.slice(0, -1),
    parentPath: parts.slice(0, -1).join('/'),
    flags: new Set<string>(),
    listed: true,
    subscribed: true,
    ...extra,
  } as ListResponse;
}

describe('buildMailboxTree', () => {
  const tree = buildMailboxTree([
    entry('Zeta'),
    entry('Projects/Feather', { status: { path: 'Projects/Feather', unseen: 3, messages: 10 } }),
    entry('Sent Items', { flags: new Set(['\\HasNoChildren', '\\Sent']) }),
    entry('Projects'),
    entry('INBOX'),
    entry('Trash', { specialUse: '\\Trash' }),
    entry('Archive', { specialUse: '\\Archive' }),
    entry('Lists/News'),
    entry('Shared', { flags: new Set(['\\Noselect']) }),
    entry('Café'),
  ]);

  it('puts special-use folders first, in a fixed order, with friendly names', () => {
    expect(tree.map((n) => n.displayName).slice(0, 4)).toEqual(['Inbox', 'Sent', 'Trash', 'Archive']);
    expect(tree[1].path).toBe('Sent Items');
  });

  it('nests children under their parent and keeps unread counts', () => {
    const projects = tree.find((n) => n.path === 'Projects')!;
    expect(projects.children.map((c) => c.displayName)).toEqual(['Feather']);
    expect(projects.children[0].unseen).toBe(3);
  });

  it('shows an unlisted parent and \\Noselect folders as not selectable', () => {
    const lists = tree.find((n) => n.path === 'Lists')!;
    expect(lists.selectable).toBe(false);
    expect(lists.children[0].path).toBe('Lists/News');
    expect(tree.find((n) => n.path === 'Shared')!.selectable).toBe(false);
    expect(tree.find((n) => n.path === 'Café')!.selectable).toBe(true);
  });
});

/** A message as imapflow's FETCH gives it (envelope, flags, INTERNALDATE), with `flags` as given. */
function fetched(flags: string[]): FetchMessageObject {
  return {
    seq: 7,
    uid: 42,
    size: 2048,
    flags: new Set(flags),
    internalDate: new Date('2026-01-02T03:04:05Z'),
    envelope: {
      subject: 'Grüße',
      from: [{ name: 'Zoë', address: 'zoe@example.org' }],
      to: [{ address: 'a@example.org' }],
      cc: [{ name: ' Bo ', address: 'bo@example.org' }],
      date: new Date('2026-01-01T00:00:00Z'),
    },
  } as unknown as FetchMessageObject;
}

/** A list row as the list fetches it: flags and the row's header fields (no ENVELOPE, no BODYSTRUCTURE). */
function rowOf(flags: string[], header = 'Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nFrom: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n\r\n') {
  const msg = { seq: 7, uid: 42, flags: new Set(flags), headers: Buffer.from(header) } as unknown as FetchMessageObject;
  return { msg, head: rowHeaders(msg.headers!) };
}

describe('translateSummary', () => {
  const base = rowOf(['\\Seen', '\\Flagged']);

  it('maps the header fields and flags to plain fields; a single text has no paperclip, without asking its structure', () => {
    const s = translateSummary(base.msg, base.head);
    expect(s).toMatchObject({ uid: 42, seq: 7, subject: 'Grüße', seen: true, flagged: true, answered: false, hasAttachment: false });
    expect(s.from).toEqual([{ name: 'Zoë', address: 'zoe@example.org' }]);
    expect(s.date).toBe('2026-01-01T00:00:00.000Z');
    expect(rowNeedsStructure(base.msg.flags, base.head)).toBe(false);
  });

  it('falls back to INTERNALDATE when the Date header is unusable', () => {
    const r = rowOf([], 'Date: garbage\r\nSubject: x\r\n\r\n');
    expect(r.head.date).toBeNull();
    expect(translateSummary(r.msg, r.head, { internalDate: new Date('2026-01-02T03:04:05Z') }).date).toBe('2026-01-02T03:04:05.000Z');
    expect(translateSummary(r.msg, r.head).date).toBeNull();
  });

  it('asks the structure of any multipart, and marks attachments from it', () => {
    const r = rowOf([], 'Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n');
    expect(rowNeedsStructure(r.msg.flags, r.head)).toBe(true);
    const structure = {
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'text/plain', parameters: { charset: 'utf-8' }, size: 100 },
        { part: '2', type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'a.pdf' }, size: 5000, encoding: 'base64' },
      ],
    } as unknown as MessageStructureObject;
    expect(translateSummary(r.msg, r.head, { structure }).hasAttachment).toBe(true);
    // Its structure not known (imapflow could not parse it): no paperclip rather than a guess.
    expect(translateSummary(r.msg, r.head).hasAttachment).toBeNull();
  });

  it('takes the server’s attachment keywords first, without asking the structure', () => {
    for (const [flag, mark] of [['$HasAttachment', true], ['$HasNoAttachment', false]] as const) {
      const r = rowOf([flag], 'Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n');
      expect(rowNeedsStructure(r.msg.flags, r.head)).toBe(false);
      expect(translateSummary(r.msg, r.head).hasAttachment).toBe(mark);
    }
    const text = rowOf(['$HasAttachment']);
    expect(translateSummary(text.msg, text.head).hasAttachment).toBe(true);
  });

  it('marks a forwarded message by its $Forwarded keyword, in any case, and only then', () => {
    const forwarded = (flags: string[]) => translateSummary(rowOf(flags).msg, rowOf(flags).head).forwarded;
    expect(forwarded(['\\Seen', '$Forwarded'])).toBe(true);
    expect(forwarded(['$forwarded'])).toBe(true);
    expect(forwarded(['\\Seen', '\\Answered', 'Forwarded', '$Forwarded2'])).toBe(false);
    expect(forwarded([])).toBe(false);
  });
});

describe('translatePreview', () => {
  it('makes one trimmed line: line breaks, tabs, controls and runs of spaces become one space', () => {
    expect(translatePreview('  Hello,\r\n\r\n\tthe notes\u0000are \u0085 attached.\u2028Marta  ')).toBe('Hello, the notes are attached. Marta');
  });

  it('reads a literal (a Buffer) as UTF-8 and a quoted string as it is', () => {
    const text = 'Grüße — Привет — 你好 🪶';
    expect(translatePreview(Buffer.from(text, 'utf8'))).toBe(text);
    expect(translatePreview(text)).toBe(text);
  });

  it('gives nothing for NIL, for an empty or blank text, and for what is not text', () => {
    for (const v of [null, undefined, '', ' \r\n ', 42, ['FUZZY', 'text'], { value: 'x' }]) expect(translatePreview(v), JSON.stringify(v)).toBeUndefined();
  });

  it(`cuts at ${PREVIEW_MAX_CHARS} characters, never inside one (emoji sequences, combining marks)`, () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    const long = `${'e\u0301'.repeat(PREVIEW_MAX_CHARS - 1)}${family}${family} and more`;
    const cut = translatePreview(long)!;
    const graphemes = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(cut)].map((g) => g.segment);
    expect(graphemes).toHaveLength(PREVIEW_MAX_CHARS);
    expect(graphemes.at(-1)).toBe(family);
    expect(cut.startsWith('e\u0301e\u0301')).toBe(true);
    const short = 'x'.repeat(PREVIEW_MAX_CHARS);
    expect(translatePreview(short)).toBe(short);
    // No space left dangling where the cut fell after one.
    expect(translatePreview(`${'a'.repeat(PREVIEW_MAX_CHARS - 1)} b`)).toBe('a'.repeat(PREVIEW_MAX_CHARS - 1));
  });

  it('cuts Latin text (the quick way, without the segmenter) where the segmenter would, and a mark after it too', () => {
    const bySegmenter = (t: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(t)].slice(0, PREVIEW_MAX_CHARS).map((g) => g.segment).join('').trimEnd();
    const latin = 'Viele Grüße aus Köln, ŁÓDŹ - naïve café ½ ©. '.repeat(6);
    expect(translatePreview(latin)).toBe(bySegmenter(latin));
    expect(translatePreview(latin)).toHaveLength(PREVIEW_MAX_CHARS);
    // A combining mark right after the 120th character belongs to it: the cut falls after the mark.
    const marked = `${'a'.repeat(PREVIEW_MAX_CHARS)}\u0301 rest`;
    expect(translatePreview(marked)).toBe(`${'a'.repeat(PREVIEW_MAX_CHARS - 1)}a\u0301`);
  });
});

/** A server line through imapflow's own parser, as the connection hands it over (literals apart, as Buffers). */
function parsed(line: string, literals: string[] = []): Promise<ImapResponse> {
  return parser(Buffer.from(line, 'utf8'), { literals: literals.map((l) => Buffer.from(l, 'utf8')) });
}

describe('previewOfFetch', () => {
  it('reads UID and PREVIEW of a quoted answer, escapes undone', async () => {
    expect(previewOfFetch(await parsed('* 1 FETCH (UID 1 PREVIEW "This is \\"fixture\\" message number 1. It was sent by Jonas Weber.")'))).toEqual({
      uid: 1,
      preview: 'This is "fixture" message number 1. It was sent by Jonas Weber.',
    });
  });

  it('reads a literal answer (Dovecot sends non-ASCII previews so), whatever the order of the items', async () => {
    const text = 'Hej! Привет! 你好!\r\nThis message mixes scripts — Zoë';
    const r = previewOfFetch(await parsed(`* 118 FETCH (PREVIEW {${Buffer.byteLength(text)}}\r\n MODSEQ (12) UID 118)`, [text]));
    expect(r).toEqual({ uid: 118, preview: 'Hej! Привет! 你好! This message mixes scripts — Zoë' });
  });

  it('gives a NIL preview as undefined, and null for a response without PREVIEW or without a usable UID', async () => {
    expect(previewOfFetch(await parsed('* 3 FETCH (UID 9 PREVIEW NIL)'))).toEqual({ uid: 9, preview: undefined });
    expect(previewOfFetch(await parsed('* 3 FETCH (FLAGS (\\Seen) UID 9)'))).toBeNull();
    expect(previewOfFetch(await parsed('* 3 FETCH (PREVIEW "text")'))).toBeNull();
    expect(previewOfFetch(await parsed('* 3 FETCH (UID 99999999999 PREVIEW "text")'))).toBeNull();
    expect(previewOfFetch({ command: '3' })).toBeNull();
  });
});

describe('translateDetail', () => {
  const base = fetched(['\\Seen', '$Label1']);

  it('maps the envelope, every flag and the structure', () => {
    const d = translateDetail('INBOX', base);
    expect(d).toMatchObject({ uid: 42, subject: 'Grüße', size: 2048, from: [{ name: 'Zoë', address: 'zoe@example.org' }], date: '2026-01-01T00:00:00.000Z' });
    expect(d).toMatchObject({ folder: 'INBOX', flags: ['\\Seen', '$Label1'], structure: null, cc: [{ name: 'Bo', address: 'bo@example.org' }] });
  });

  it('falls back to INTERNALDATE for a Date header imapflow could not parse (it hands over the raw string), as the list does', () => {
    const garbage = { ...base, envelope: { ...base.envelope, date: 'sometime next week, probably' } } as unknown as FetchMessageObject;
    expect(translateDetail('INBOX', garbage).date).toBe('2026-01-02T03:04:05.000Z');
    const neither = { ...garbage, internalDate: undefined } as unknown as FetchMessageObject;
    expect(translateDetail('INBOX', neither).date).toBeNull();
  });
});

describe('translateStructure', () => {
  it('lower-cases types, encodings and parameter keys and strips <> from Content-ID; section numbers are not kept', () => {
    const n = translateStructure({ part: '2', type: 'IMAGE/PNG', encoding: 'BASE64', id: '<logo@x>', parameters: { NAME: 'logo.png' } });
    expect(n).toEqual({ type: 'image/png', encoding: 'base64', id: 'logo@x', parameters: { name: 'logo.png' }, size: undefined, disposition: undefined, dispositionParameters: undefined });
  });

  it("keeps an embedded message's sender as addresses (formatted where shown) and its date as ISO", () => {
    const n = translateStructure({
      type: 'MESSAGE/RFC822',
      envelope: { subject: 'Inner', from: [{ name: 'Marta', address: 'marta@example.org' }], date: new Date('2025-05-05T10:00:00Z') },
      childNodes: [{ type: 'TEXT/PLAIN' }],
    } as unknown as Parameters<typeof translateStructure>[0]);
    expect(n.embedded).toEqual({ subject: 'Inner', from: [{ name: 'Marta', address: 'marta@example.org' }], date: '2025-05-05T10:00:00.000Z' });
  });
});

describe('pageRange', () => {
  it('gives the newest 50 first, by sequence number', () => {
    expect(pageRange(120, 1)).toEqual({ page: 1, pageCount: 3, from: 71, to: 120 });
    expect(pageRange(120, 3)).toEqual({ page: 3, pageCount: 3, from: 1, to: 20 });
    expect(pageRange(100_000, 2)).toEqual({ page: 2, pageCount: 2000, from: 99_901, to: 99_950 });
  });
  it('clamps pages out of range and handles empty folders', () => {
    expect(pageRange(120, 99)!.page).toBe(3);
    expect(pageRange(120, 0)!.page).toBe(1);
    expect(pageRange(0, 1)).toBeNull();
  });
});
