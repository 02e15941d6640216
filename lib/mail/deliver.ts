// Storing and sending a message that carries parts already on the IMAP server (a forward's attachments, a draft's,
// the original of a forward as attachment) without those parts passing through Feather where the servers allow:
// the server puts the message together (CATENATE, RFC 4469) and the submission server fetches it from IMAP by a
// URLAUTH URL (RFC 4467) to send it (BURL, RFC 4468). Where one of them is missing, the parts are streamed from
// IMAP to SMTP as they are read, never held whole.
import { Readable } from 'node:stream';
// Not 'server-only' and not through lib/imap's face, so the bench can run it outside Next.js too.
import { catenateMessage, genUrlAuth, storedPartUrl } from '@/lib/imap/catenate';
import { removeMessage, storeMessage, type StoredMessage } from '@/lib/imap/drafts';
import { MailError, toMailError } from '@/lib/imap/errors';
import type { Account, ConnectionPool } from '@/lib/imap/pool';
import { describeStored, outgoingSupport, streamStored, type StoredPart, type StoredPartInfo } from '@/lib/imap/stored';
import { buildPieces, type MessagePiece, type OutgoingMessage, type StoredAttachment } from '@/lib/mime/compose';
import { log } from '@/lib/log.mjs';
import { sendByBurl, sendRaw, type SmtpServer } from '@/lib/smtp';

export type Pieces = MessagePiece<StoredPart>[];
export type StoredAttachments = StoredAttachment<StoredPart>[];

/** Who sends, through what: the pool and the user's account, the submission server, and the IMAP server's name as URLAUTH URLs give it. */
export interface Sender {
  pool: ConnectionPool;
  account: Account;
  smtp: SmtpServer;
  /** The IMAP server as the submission server reaches it (its imap_urlauth_host and port): IMAP_HOST and IMAP_PORT. */
  imap: { host: string; port: number };
}

/** How a message went: all its bytes from Feather; fetched from IMAP by the submission server; streamed through Feather. */
export type Via = 'bytes' | 'burl' | 'stream';

/** The parts as attachments of a new message: each one's header fields from its structure. */
export function storedAttachments(infos: StoredPartInfo[]): StoredAttachments {
  return infos.map((i) => ({ ref: i.part, filename: i.filename, contentType: i.charset ? `${i.type}; charset=${i.charset}` : i.type, encoding: i.encoding, size: i.size }));
}

/** Describes stored parts, several messages' at once (one FETCH of each message's structure). */
export async function describeParts(pool: ConnectionPool, account: Account, parts: StoredPart[]): Promise<StoredPartInfo[]> {
  const byMessage = new Map<string, { at: StoredMessage; sections: Array<string | undefined> }>();
  for (const p of parts) {
    const key = `${p.at.folder}\u0000${p.at.uidValidity}\u0000${p.at.uid}`;
    const entry = byMessage.get(key) ?? { at: p.at, sections: [] };
    entry.sections.push(p.section);
    byMessage.set(key, entry);
  }
  const out: StoredPartInfo[] = [];
  for (const { at, sections } of byMessage.values()) out.push(...(await describeStored(pool, account, at, sections)));
  return out;
}

const hasStored = (pieces: Pieces) => pieces.some((p) => 'stored' in p);
/** The bytes of a message that has no stored part. */
const joined = (pieces: Pieces) => Buffer.concat(pieces.map((p) => ('bytes' in p ? p.bytes : Buffer.alloc(0))));

/**
 * The pieces as one stream: bytes as they are, each stored part streamed from IMAP (as stored) when its turn
 * comes, only as fast as the reader takes it. A reader that stops (nodemailer, when the server refuses the
 * message) ends the generator, and with it the part's stream and its IMAP connection. `failure` is why the stream
 * stopped early, if it did: a reader sees a plain error (nodemailer rewrites the code of the error it is given).
 */
function piecesStream(pool: ConnectionPool, account: Account, pieces: Pieces): { stream: Readable; failure: () => unknown } {
  let failed: unknown;
  async function* chunks() {
    for (const p of pieces) {
      if ('bytes' in p) {
        yield p.bytes;
        continue;
      }
      const part = await streamStored(pool, account, p.stored).catch((err) => {
        failed = err;
        throw new Error('a part kept on the IMAP server could not be read');
      });
      try {
        for await (const chunk of part) yield chunk as Buffer;
      } catch (err) {
        failed = err;
        throw new Error('a part kept on the IMAP server could not be read');
      } finally {
        part.destroy();
      }
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), failure: () => failed };
}

/** Everything a stream gives, in memory: only where a server must be given the whole message as one APPEND. */
async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Stores a message given in pieces in `folder`: one APPEND when it is all bytes; else, where the server has
 * CATENATE, one `APPEND … CATENATE` that takes the stored parts by URL (nothing of them passes through Feather);
 * else the parts are read here and the whole message APPENDed (imapflow's APPEND takes the message whole).
 */
export async function storePieces(pool: ConnectionPool, account: Account, folder: string, pieces: Pieces, flags: string[], date?: Date): Promise<StoredMessage | undefined> {
  if (!hasStored(pieces)) return storeMessage(pool, account, folder, joined(pieces), flags, date);
  const urls = pieces.map((p) => ('bytes' in p ? { text: p.bytes } : urlOf(p.stored)));
  const support = await outgoingSupport(pool, account);
  if (support.catenate && urls.every((u) => u !== null)) return catenateMessage(pool, account, folder, urls as Array<{ text: Buffer } | { url: string }>, flags, date);
  const { stream, failure } = piecesStream(pool, account, pieces);
  const bytes = await collect(stream).catch((err) => {
    throw failure() ?? err;
  });
  return storeMessage(pool, account, folder, bytes, flags, date);
}

/** A stored part's URL for CATENATE: a section's body, or the whole message (its header and body). */
function urlOf(part: StoredPart): { url: string } | null {
  const url = storedPartUrl(part.at, part.section);
  return url ? { url } : null;
}

/** Submission servers found not to take BURL (host:port), so a later message does not ask again. */
const withoutBurl = new Set<string>();

/** The size of a message in pieces, its stored parts as stored: what SIZE= announces (RFC 1870). */
function sizeOf(pieces: Pieces, stored: StoredAttachments): number {
  return pieces.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : (stored.find((a) => a.ref === p.stored)?.size ?? 0)), 0);
}

/** How a message went (see sendPieces), and the recipients the server refused (it went to the others). */
export interface Delivery {
  via: Via;
  refused: string[];
}

/**
 * Sends `m` (with `stored` parts in their places, Bcc only in the envelope) and answers how it went:
 * - with stored parts, CATENATE and URLAUTH on the IMAP server, and BURL announced by the submission server
 *   (asked first): the message is built in `drafts` by the IMAP server, named by GENURLAUTH for the IMAP server
 *   the submission server says it reaches (else IMAP_HOST:IMAP_PORT), and fetched from there by BURL; that copy
 *   in Drafts is removed afterwards;
 * - otherwise (or when the copy cannot be built, the mailbox being full, or the submission server cannot fetch the
 *   URL) the message is streamed to SMTP, its stored parts read from IMAP as SMTP takes them.
 * Its size goes with MAIL FROM, so a server that takes less refuses before any byte is sent. A refusal of the
 * message, or of every recipient, is thrown as it is (SmtpRefusal): it would be refused either way.
 */
export async function sendPieces(s: Sender, m: OutgoingMessage, stored: StoredAttachments, drafts: string | undefined): Promise<Delivery> {
  const pieces = await buildPieces(m, stored, { keepBcc: false });
  const envelope = { from: m.from.address, to: [...m.to, ...m.cc, ...m.bcc].map((a) => a.address), size: sizeOf(pieces, stored) };
  if (!hasStored(pieces)) {
    const sent = await sendRaw(s.smtp, s.account, envelope, joined(pieces));
    return { via: 'bytes', refused: sent.refused };
  }
  const smtpKey = `${s.smtp.host}:${s.smtp.port}`;
  const support = await outgoingSupport(s.pool, s.account);
  const catenable = pieces.every((p) => 'bytes' in p || urlOf(p.stored) !== null);
  if (drafts && catenable && support.catenate && support.urlauth && !withoutBurl.has(smtpKey)) {
    let built: StoredMessage | undefined;
    /** Why the copy for BURL could not be made (a full mailbox, say): then the message is streamed instead. */
    let unbuilt: unknown;
    try {
      const sent = await sendByBurl(s.smtp, s.account, envelope, async (imap) => {
        try {
          built = await storePieces(s.pool, s.account, drafts, pieces, ['\\Draft', '\\Seen']);
          if (!built) throw new MailError('server', 'CATENATE gave no APPENDUID');
          const server = imap ?? s.imap;
          return await genUrlAuth(s.pool, s.account, built, server.host, server.port);
        } catch (err) {
          throw (unbuilt = err);
        }
      });
      return { via: 'burl', refused: sent.refused };
    } catch (err) {
      const noBurl = err instanceof MailError && err.code === 'no-burl';
      if (!noBurl && err !== unbuilt) throw err;
      if (noBurl && !built) withoutBurl.add(smtpKey);
      const e = toMailError(err);
      log.info({ user: s.account.user, code: e.code, detail: e.message }, 'BURL not possible; the message is streamed through Feather');
    } finally {
      const b = built as StoredMessage | undefined;
      if (b) await removeMessage(s.pool, s.account, b).catch((e) => log.warn({ user: s.account.user, err: String(e) }, 'the copy built for BURL could not be removed'));
    }
  }
  const { stream, failure } = piecesStream(s.pool, s.account, pieces);
  try {
    const sent = await sendRaw(s.smtp, s.account, envelope, stream);
    return { via: 'stream', refused: sent.refused };
  } catch (err) {
    // A part that could not be read: nodemailer abandons the DATA, so nothing half-built is sent.
    throw failure() ?? err;
  } finally {
    stream.destroy();
  }
}

/**
 * The copy of a sent message in `sent` (Bcc shown, marked \Seen, dated when it was sent), its stored parts by URL
 * where the server has CATENATE. Answers 'kept'; 'server' where the server files sent mail itself (no second copy);
 * 'none' without a Sent folder.
 */
export async function keepSentCopy(pool: ConnectionPool, account: Account, sent: string | undefined, m: OutgoingMessage, stored: StoredAttachments): Promise<'kept' | 'server' | 'none'> {
  if (!sent) return 'none';
  if ((await outgoingSupport(pool, account)).savesSent) return 'server';
  await storePieces(pool, account, sent, await buildPieces(m, stored, { keepBcc: true }), ['\\Seen'], m.date);
  return 'kept';
}
