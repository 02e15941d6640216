// Writing a message: the text as format=flowed (RFC 3676), and the whole message built by nodemailer's MailComposer
// (headers encoded as MIME requires, RFC 2047 for names and subjects). Pure: a draft in, bytes out.
import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import addressparser from 'nodemailer/lib/addressparser';
import libmime from 'libmime';
import type { Address } from './types';

/**
 * An address as typed, judged: a local part and a domain (with a dot, or one of the test domains), no spaces, no
 * second "@". Internationalised domains and local parts (RFC 6531) are taken as typed.
 */
const ADDRESS = /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+$/;

/**
 * A recipient field ("Dana <dana@example.org>, bob@example.org") as addresses, with nodemailer's address parser;
 * `bad` holds each entry that is not an address, as the user typed it (named in the error).
 */
export function parseRecipients(field: string): { addresses: Address[]; bad: string[] } {
  const addresses: Address[] = [];
  const bad: string[] = [];
  if (!field.trim()) return { addresses, bad };
  for (const entry of addressparser(field, { flatten: true })) {
    const address = (entry.address ?? '').trim();
    const name = (entry.name ?? '').trim();
    // "bob@x.org eve@y.org" (a comma forgotten) parses as one address named "eve@y.org": both are named as bad,
    // unless the name was quoted on purpose.
    const strayAddress = ADDRESS.test(name) && name !== address && !field.includes(`"${name}"`);
    if (ADDRESS.test(address) && !strayAddress) addresses.push({ name, address });
    else bad.push(strayAddress ? `${address} ${name}` : address || name || field.trim());
  }
  return { addresses, bad };
}

/** Whether a header value (a subject, a name) holds a line break: refused, as it could start a header of its own. */
export function hasLineBreak(value: string): boolean {
  return /[\r\n]/.test(value);
}

/**
 * A format=flowed body (RFC 3676) back as typed: soft-broken lines (ending in a space) joined within a quote depth,
 * space-stuffing undone; "-- " (the signature separator) is never joined.
 */
export function fromFlowed(body: string): string {
  const out: string[] = [];
  let open: { depth: number; text: string } | null = null;
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    const depth = /^>*/.exec(raw)![0].length;
    let line = raw.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1);
    const soft = line.endsWith(' ') && line !== '-- ';
    if (open && open.depth === depth) open.text += line;
    else {
      if (open) out.push(open.text);
      open = { depth, text: (depth ? '>'.repeat(depth) + ' ' : '') + line };
    }
    if (!soft) {
      out.push(open.text);
      open = null;
    }
  }
  if (open) out.push(open.text);
  return out.join('\n');
}

/** Lines are wrapped at this many characters (RFC 3676 recommends 66–72; 78 is the limit). */
const FLOWED_WIDTH = 72;

/**
 * One typed line as flowed lines: cut at spaces so each is at most FLOWED_WIDTH (a word longer than that stays
 * whole), every line but the last ending in the space that says "continues" (a soft break). A line that starts
 * with a space, ">" or "From " is space-stuffed, as readers would take it for a quote or a mailbox separator.
 */
function flowLine(line: string): string[] {
  const quote = /^>+ ?/.exec(line)?.[0] ?? '';
  // Trailing spaces would read as soft breaks; the signature separator "-- " keeps its own.
  const text = line.slice(quote.length) === '-- ' ? '-- ' : line.slice(quote.length).replace(/ +$/, '');
  const stuff = (s: string) => (!quote && (s.startsWith(' ') || s.startsWith('>') || s.startsWith('From ')) ? ` ${s}` : s);
  const room = Math.max(20, FLOWED_WIDTH - quote.length);
  if (text.length <= room) return [quote + stuff(text)];
  const out: string[] = [];
  let rest = text;
  while (rest.length > room) {
    let cut = rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = rest.indexOf(' ', room);
    if (cut <= 0) break;
    out.push(quote + stuff(rest.slice(0, cut + 1)));
    rest = rest.slice(cut + 1);
  }
  out.push(quote + stuff(rest));
  return out;
}

/** Text as the user typed it, as a format=flowed body: long lines soft-wrapped, hard line breaks kept. */
export function toFlowed(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .flatMap(flowLine)
    .join('\r\n');
}

/** A file to attach, as uploaded. */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A message as the compose form gives it, addresses parsed and checked. */
export interface OutgoingMessage {
  from: Address;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  text: string;
  attachments: OutgoingAttachment[];
  messageId: string;
  date: Date;
  inReplyTo?: string;
  references?: string[];
}

/**
 * An attachment that stays on the IMAP server (a forwarded message's file, a draft's attachment, the original of a
 * forward as attachment): its MIME header fields are written here from its structure, its body stays the server's,
 * still in its own transfer encoding. `ref` says where it is; this module never looks inside it.
 */
export interface StoredAttachment<R> {
  ref: R;
  filename: string;
  /** Its type, with its charset where it has one. */
  contentType: string;
  /** Its Content-Transfer-Encoding as stored (its body is copied as it is). */
  encoding: string;
  /** Its size as stored, when known (for SIZE=). */
  size?: number;
}

/** A message in pieces: bytes built here, and the bodies of stored parts, in their places. */
export type MessagePiece<R> = { bytes: Buffer } | { stored: R };

/**
 * The message as pieces (CRLF): everything MailComposer builds (headers, text, uploaded files, boundaries), with a
 * place left for each stored part's body, to be filled by the server (CATENATE) or by a stream from IMAP. A stored
 * part's header block is nodemailer's own (RFC 2231 file names); its body is marked by a random token, which is
 * where the message is cut. `keepBcc`: the copy kept in Sent and Drafts shows its Bcc; the copy handed to SMTP has
 * none (the server delivers by the envelope).
 */
export async function buildPieces<R>(m: OutgoingMessage, stored: StoredAttachment<R>[], opts: { keepBcc: boolean }): Promise<MessagePiece<R>[]> {
  const list = (a: Address[]) => (a.length ? a.map((x) => ({ name: x.name, address: x.address })) : undefined);
  const holder = new MimeNode('multipart/mixed', { newline: 'win' });
  const marks = stored.map(() => `feather-stored-part-${randomUUID()}`);
  const storedRaw = stored.map((a, i) => {
    const node = holder.createChild(a.contentType, { filename: a.filename });
    node.setHeader('Content-Transfer-Encoding', a.encoding);
    node.setHeader('Content-Disposition', 'attachment');
    return { raw: `${node.buildHeaders()}\r\n\r\n${marks[i]}` };
  });
  const composer = new MailComposer({
    from: { name: m.from.name, address: m.from.address },
    to: list(m.to),
    cc: list(m.cc),
    bcc: list(m.bcc),
    subject: m.subject,
    messageId: m.messageId,
    date: m.date,
    inReplyTo: m.inReplyTo,
    references: m.references,
    // One text/plain alternative rather than `text`: nodemailer would set its Content-Type without format=flowed.
    alternatives: [{ contentType: 'text/plain; charset=utf-8; format=flowed', content: toFlowed(m.text) }],
    attachments: [...m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })), ...storedRaw],
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  if (opts.keepBcc) (node as unknown as { keepBcc: boolean }).keepBcc = true;
  let rest = await node.build();
  const pieces: MessagePiece<R>[] = [];
  stored.forEach((a, i) => {
    const at = rest.indexOf(marks[i]);
    if (at < 0) throw new Error('a stored part’s place was not found in the built message');
    pieces.push({ bytes: rest.subarray(0, at) }, { stored: a.ref });
    rest = rest.subarray(at + marks[i].length);
  });
  pieces.push({ bytes: rest });
  return pieces.filter((p) => !('bytes' in p) || p.bytes.length > 0);
}

/** The pieces' bytes, for a message that has no stored part. */
function bytesOf<R>(pieces: MessagePiece<R>[]): Buffer {
  return Buffer.concat(pieces.map((p) => {
    if (!('bytes' in p)) throw new Error('a stored part where only bytes were expected');
    return p.bytes;
  }));
}

/** The message's bytes (CRLF), when all of it is here (no stored part); `keepBcc` as for buildPieces. */
export async function buildMessage(m: OutgoingMessage, opts: { keepBcc: boolean }): Promise<Buffer> {
  return bytesOf(await buildPieces(m, [], opts));
}

/** The recipient fields of a draft as typed, addresses or not yet. */
export interface TypedRecipients {
  to: string;
  cc: string;
  bcc: string;
}

/** The message a draft answers or forwards, so that, reopened anywhere, it is sent as the reply it was begun as. */
export interface DraftSource {
  mode: string;
  folder: string;
  uid: number;
  uidValidity?: string;
}

/** The draft's header field naming its source (as Roundcube's X-Draft-Info does for its own drafts). */
export const DRAFT_SOURCE_HEADER = 'X-Feather-Source';

/** The field's value: form-encoded (URLSearchParams), so a folder's name in any script stays one ASCII line. */
function draftSourceValue(s: DraftSource): string {
  const p = new URLSearchParams({ mode: s.mode, folder: s.folder, uid: String(s.uid) });
  if (s.uidValidity) p.set('uidvalidity', s.uidValidity);
  return p.toString();
}

/** A draft's source field read back; undefined unless it names a mode, a folder and a UID. */
export function parseDraftSource(value: string | undefined): DraftSource | undefined {
  if (!value) return undefined;
  const p = new URLSearchParams(value.trim());
  const uid = Number(p.get('uid'));
  const mode = p.get('mode');
  const folder = p.get('folder');
  if (!mode || !folder || !Number.isSafeInteger(uid) || uid <= 0) return undefined;
  const uidValidity = p.get('uidvalidity');
  return { mode, folder, uid, ...(uidValidity && /^\d+$/.test(uidValidity) ? { uidValidity } : {}) };
}

/**
 * A draft: the message with its To, Cc and Bcc exactly as typed, so an entry that is not an address yet comes back
 * to be corrected (the composer would drop it). Each is one header line put in front of the built message (header
 * order is free), encoded (RFC 2047) and folded by libmime, line breaks taken out: a field's text is only ever that
 * header's value, never a header of its own.
 */
export async function draftPieces<R>(m: OutgoingMessage, typed: TypedRecipients, stored: StoredAttachment<R>[], source?: DraftSource): Promise<MessagePiece<R>[]> {
  const lines: string[] = source ? [`${DRAFT_SOURCE_HEADER}: ${draftSourceValue(source)}\r\n`] : [];
  for (const [name, value] of [
    ['To', typed.to],
    ['Cc', typed.cc],
    ['Bcc', typed.bcc],
  ] as const) {
    const oneLine = value.replace(/[\r\n]+/g, ' ').trim();
    if (oneLine) lines.push(libmime.foldLines(`${name}: ${libmime.encodeWords(oneLine, 'Q', 52)}`, 76).replace(/\r?\n/g, '\r\n') + '\r\n');
  }
  const built = await buildPieces({ ...m, to: [], cc: [], bcc: [] }, stored, { keepBcc: true });
  return [{ bytes: Buffer.from(lines.join(''), 'utf8') }, ...built];
}

/** A draft's bytes, when all of it is here (no stored part). */
export async function buildDraft(m: OutgoingMessage, typed: TypedRecipients): Promise<Buffer> {
  return bytesOf(await draftPieces(m, typed, []));
}
