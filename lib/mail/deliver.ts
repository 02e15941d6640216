// Storing and sending a message that carries parts already on the IMAP server (a forward's attachments, a draft's,
// the original of a forward as attachment) without those parts passing through Feather where the servers allow:
// the server puts the message together (CATENATE, RFC 4469) and the submission server fetches it from IMAP by a
// URLAUTH URL (RFC 4467) to send it (BURL, RFC 4468). Where one of them is missing, the parts are streamed from
// IMAP to SMTP as they are read, never held whole.
import { PassThrough, Readable } from 'node:stream';
// Not 'server-only' and not through lib/imap's face, so the bench can run it outside Next.js too.
import { catenateMessage, genUrlAuth, storedPartUrl } from '@/lib/imap/catenate';
import { removeMessage, storeMessage, type StoredMessage } from '@/lib/imap/drafts';
import { MailError } from '@/lib/imap/errors';
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
  return infos.map((i) => ({ ref: i.part, filename: i.filename, contentType: i.charset ? `${i.type}; charset=${i.charset}` : i.type, encoding: i.encoding }));
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

/**
 * The pieces as one stream: bytes as they are, each stored part streamed from IMAP (as stored) when its turn
 * comes. `failure` is why it stopped early, if it did (what a reader of the stream sees is a plain error: nodemailer
 * rewrites the code of the error it is given).
 */
function piecesStream(pool: ConnectionPool, account: Account, pieces: Pieces): { stream: Readable; failure: () => unknown } {
  const out = new PassThrough();
  let failed: unknown;
  (async () => {
    for (const p of pieces) {
      if ('bytes' in p) {
        if (!out.write(p.bytes)) await new Promise((r) => out.once('drain', r));
        continue;
      }
      const part = await streamStored(pool, account, p.stored);
      for await (const chunk of part) if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    }
    out.end();
  })().catch((err) => {
    failed = err;
    out.destroy(new Error('a part kept on the IMAP server could not be read'));
  });
  return { stream: out, failure: () => failed };
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
  if (!hasStored(pieces)) return storeMessage(pool, account, folder, Buffer.concat(pieces.map((p) => ('bytes' in p ? p.bytes : Buffer.alloc(0)))), flags, date);
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
  const url = storedPartUrl(part.at, part.section ?? '1');
  if (!url) return null;
  return { url: part.section === undefined ? url.replace(/\/;SECTION=1$/, '') : url };
}

/** Submission servers found not to take BURL (host:port), so a later message does not ask again. */
const withoutBurl = new Set<string>();

/**
 * Sends `m` (with `stored` parts in their places, Bcc only in the envelope) and answers how it went:
 * - with stored parts, CATENATE and URLAUTH on the IMAP server, and BURL announced by the submission server
 *   (asked first): the message is built in `drafts` by the IMAP server, named by GENURLAUTH for the IMAP server
 *   the submission server says it reaches (else IMAP_HOST:IMAP_PORT), and fetched from there by BURL; that copy
 *   in Drafts is removed afterwards;
 * - otherwise (or when the submission server cannot fetch the URL) the message is streamed to SMTP, its stored
 *   parts read from IMAP as SMTP takes them.
 * A refusal of the message or of a recipient is thrown as it is (SmtpRefusal): it would be refused either way.
 */
export async function sendPieces(s: Sender, m: OutgoingMessage, stored: StoredAttachments, drafts: string | undefined): Promise<Via> {
  const envelope = { from: m.from.address, to: [...m.to, ...m.cc, ...m.bcc].map((a) => a.address) };
  const pieces = await buildPieces(m, stored, { keepBcc: false });
  if (!hasStored(pieces)) {
    await sendRaw(s.smtp, s.account, envelope, Buffer.concat(pieces.map((p) => ('bytes' in p ? p.bytes : Buffer.alloc(0)))));
    return 'bytes';
  }
  const smtpKey = `${s.smtp.host}:${s.smtp.port}`;
  const support = await outgoingSupport(s.pool, s.account);
  const catenable = pieces.every((p) => 'bytes' in p || urlOf(p.stored) !== null);
  if (drafts && catenable && support.catenate && support.urlauth && !withoutBurl.has(smtpKey)) {
    let built: StoredMessage | undefined;
    try {
      await sendByBurl(s.smtp, s.account, envelope, async (imap) => {
        built = await storePieces(s.pool, s.account, drafts, pieces, ['\\Draft', '\\Seen']);
        if (!built) throw new MailError('server', 'CATENATE gave no APPENDUID');
        const server = imap ?? s.imap;
        return genUrlAuth(s.pool, s.account, built, server.host, server.port);
      });
      return 'burl';
    } catch (err) {
      if (!(err instanceof MailError) || !['no-burl', 'server'].includes(err.code)) throw err;
      if (err.code === 'no-burl' && !built) withoutBurl.add(smtpKey);
      log.info({ user: s.account.user, code: err.code, detail: err.message }, 'BURL not possible; the message is streamed through Feather');
    } finally {
      const b = built as StoredMessage | undefined;
      if (b) await removeMessage(s.pool, s.account, b).catch((e) => log.warn({ user: s.account.user, err: String(e) }, 'the copy built for BURL could not be removed'));
    }
  }
  const { stream, failure } = piecesStream(s.pool, s.account, pieces);
  try {
    await sendRaw(s.smtp, s.account, envelope, stream);
  } catch (err) {
    // A part that could not be read: nodemailer abandons the DATA, so nothing half-built is sent.
    throw failure() ?? err;
  }
  return 'stream';
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
