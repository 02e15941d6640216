// Writing a message: the text as format=flowed (RFC 3676), and the whole message built by nodemailer's MailComposer
// (headers encoded as MIME requires, RFC 2047 for names and subjects). Pure: a draft in, bytes out.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from './types';

/** Lines are wrapped at this many characters (RFC 3676 recommends 66–72; 78 is the limit). */
const FLOWED_WIDTH = 72;

/**
 * One typed line as flowed lines: cut at spaces so each is at most FLOWED_WIDTH (a word longer than that stays
 * whole), every line but the last ending in the space that says "continues" (a soft break). A line that starts
 * with a space, ">" or "From " is space-stuffed, as readers would take it for a quote or a mailbox separator.
 */
function flowLine(line: string): string[] {
  const quote = /^>+ ?/.exec(line)?.[0] ?? '';
  const text = line.slice(quote.length).replace(/ +$/, '');
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
 * The message's bytes (CRLF). `keepBcc`: the copy kept in Sent and Drafts shows its Bcc; the copy handed to SMTP
 * has none (the server delivers by the envelope).
 */
export async function buildMessage(m: OutgoingMessage, opts: { keepBcc: boolean }): Promise<Buffer> {
  const list = (a: Address[]) => (a.length ? a.map((x) => ({ name: x.name, address: x.address })) : undefined);
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
    attachments: m.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const node = composer.compile();
  if (opts.keepBcc) (node as unknown as { keepBcc: boolean }).keepBcc = true;
  return node.build();
}
