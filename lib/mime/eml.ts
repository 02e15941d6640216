// Whether an uploaded file is a mail message (RFC 5322), before it is appended to a folder: its header block is
// read with mailsplit's header parser (the one imapflow's stack uses), never trusted by the file name.
import { Headers } from '@zone-eu/mailsplit';

/** Fields of which a message has at least one; a file whose header block has none of them is not a message. */
const MESSAGE_FIELDS = ['from', 'date', 'subject', 'message-id', 'received', 'to', 'mime-version'];

/** The end of the header block: the first empty line (CRLF or LF), or the end of a message without a body. */
function headerEnd(bytes: Buffer): number {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((n) => n >= 0);
  return ends.length > 0 ? Math.min(...ends) : bytes.length;
}

/** An uploaded file judged: the bytes to append (an mbox "From " line dropped) and its Date, or why not. */
export type UploadedMessage = { ok: true; bytes: Buffer; date?: Date } | { ok: false; reason: 'empty' | 'not-a-message' };

/**
 * Reads the header block of `bytes`: every line must be a header field ("Name: value", folded lines allowed), and
 * one of the fields every message has must be there. A text file, an image or a PDF fails; an mbox file's leading
 * "From " separator line is dropped (Thunderbird and mutt save single messages with it).
 */
export function uploadedMessage(bytes: Buffer): UploadedMessage {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'not-a-message' };
  const end = headerEnd(bytes);
  const headers = new Headers(bytes.subarray(0, end));
  const lines = headers.getList();
  if (lines.length === 0 || lines.some((l) => !/^[!-9;-~]+$/.test(l.key))) return { ok: false, reason: 'not-a-message' };
  if (!MESSAGE_FIELDS.some((f) => headers.hasHeader(f))) return { ok: false, reason: 'not-a-message' };
  const body = headers.mbox ? bytes.subarray(bytes.indexOf('\n') + 1) : bytes;
  if (body.length === 0) return { ok: false, reason: 'empty' };
  const date = new Date(headers.getFirst('date'));
  return { ok: true, bytes: body, date: Number.isNaN(date.getTime()) ? undefined : date };
}
