// Mail operations over a pooled connection. Each fetches only what its page shows.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import { Readable } from 'node:stream';
import { MailError, toMailError } from './errors';
import type { Account, ConnectionPool } from './pool';
import { buildMailboxTree, translateAddresses, translateStructure, translateSummary } from './translate';
import type { MailboxNode, MessageDetail, MessagePage } from './types';

export const PAGE_SIZE = 50;

/**
 * Runs `work` with `folder` selected. A folder that was already selected is refreshed with NOOP, so messages that
 * arrived or vanished since (another client, another tab) are discovered before anything is shown.
 */
async function inFolder<T>(pool: ConnectionPool, account: Account, folder: string, work: (client: ImapFlow, mailbox: MailboxObject) => Promise<T>): Promise<T> {
  return pool.run(account, async (client) => {
    const wasSelected = client.mailbox !== false && client.mailbox.path === folder;
    let lock;
    try {
      lock = await client.getMailboxLock(folder);
    } catch (err) {
      const e = toMailError(err);
      // Dovecot answers NO [NONEXISTENT]; other servers just NO: either way the folder cannot be opened.
      throw e.code === 'server' ? new MailError('no-folder', e.message, { cause: err }) : e;
    }
    try {
      if (wasSelected) await client.noop();
      const mailbox = client.mailbox;
      if (!mailbox) throw new MailError('no-folder', folder);
      return await work(client, mailbox);
    } finally {
      lock.release();
    }
  });
}

/** The folder tree with unread counts, from one LIST (with LIST-STATUS where the server has it). */
export async function listFolders(pool: ConnectionPool, account: Account): Promise<MailboxNode[]> {
  return pool.run(account, async (client) => {
    const list = await client.list({ statusQuery: { unseen: true, messages: true } });
    return buildMailboxTree(list);
  });
}

/** The sequence range of page `page` (1 = newest) in a folder of `exists` messages. */
export function pageRange(exists: number, page: number, pageSize = PAGE_SIZE): { page: number; pageCount: number; from: number; to: number } | null {
  const pageCount = Math.max(1, Math.ceil(exists / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  if (exists === 0) return null;
  const to = exists - (p - 1) * pageSize;
  return { page: p, pageCount, from: Math.max(1, to - pageSize + 1), to };
}

const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, internalDate: true, size: true } as const;

/**
 * One page of a folder, newest first. It asks for exactly the rows shown by sequence number (from the EXISTS
 * count SELECT gave), so the cost is the same for a folder of a thousand or a hundred thousand messages.
 */
export async function listMessages(pool: ConnectionPool, account: Account, folder: string, page: number): Promise<MessagePage> {
  return inFolder(pool, account, folder, async (client, mailbox) => {
    const range = pageRange(mailbox.exists, page);
    const base = { folder: mailbox.path, total: mailbox.exists, pageSize: PAGE_SIZE, uidValidity: String(mailbox.uidValidity) };
    if (!range) return { ...base, page: 1, pageCount: 1, messages: [] };
    const seqs = `${range.from}:${range.to}`;
    const fetched = await client.fetchAll(seqs, { ...SUMMARY_QUERY, bodyStructure: true });
    // imapflow drops a message whose BODYSTRUCTURE it cannot parse (very deep nesting): fetch those without it.
    if (fetched.length < range.to - range.from + 1) {
      const have = new Set(fetched.map((m) => m.seq));
      const missing = [];
      for (let s = range.from; s <= range.to; s++) if (!have.has(s)) missing.push(s);
      fetched.push(...(await client.fetchAll(missing.join(','), SUMMARY_QUERY)));
    }
    const messages = fetched.map(translateSummary).sort((a, b) => b.seq - a.seq);
    return { ...base, page: range.page, pageCount: range.pageCount, messages };
  });
}

function toDetail(folder: string, msg: FetchMessageObject): MessageDetail {
  const env = msg.envelope;
  const date = env?.date ?? msg.internalDate;
  const d = date ? new Date(date) : null;
  return {
    folder,
    uid: msg.uid,
    subject: env?.subject ?? '',
    from: translateAddresses(env?.from ?? env?.sender),
    to: translateAddresses(env?.to),
    cc: translateAddresses(env?.cc),
    replyTo: translateAddresses(env?.replyTo),
    date: d && !Number.isNaN(d.getTime()) ? d.toISOString() : null,
    size: msg.size ?? 0,
    flags: [...(msg.flags ?? [])],
    structure: msg.bodyStructure ? translateStructure(msg.bodyStructure) : null,
  };
}

export interface OpenedMessage {
  detail: MessageDetail;
  /** The raw (still transfer-encoded) bytes of each requested section, as fetched. */
  sections: Map<string, Buffer>;
}

/**
 * Opens a message: its envelope, flags and BODYSTRUCTURE; then `choose` picks which sections to fetch (at most
 * `maxBytes` each, BODY.PEEK), and the message is marked \Seen. All under one folder lock, on one connection.
 */
export async function openMessage(
  pool: ConnectionPool,
  account: Account,
  folder: string,
  uid: number,
  choose: (detail: MessageDetail) => Array<{ section: string; maxBytes: number }>,
  opts: { markSeen: boolean },
): Promise<OpenedMessage> {
  return inFolder(pool, account, folder, async (client) => {
    const query = { ...SUMMARY_QUERY, bodyStructure: true };
    let msg = await client.fetchOne(String(uid), query, { uid: true });
    // Without a parsable structure the message still opens (as raw text) rather than vanishing.
    if (!msg) msg = await client.fetchOne(String(uid), SUMMARY_QUERY, { uid: true });
    if (!msg) throw new MailError('no-message', `${folder} ${uid}`);
    const detail = toDetail(folder, msg);
    const wanted = choose(detail);
    const sections = new Map<string, Buffer>();
    if (wanted.length > 0) {
      const parts = await client.fetchOne(
        String(uid),
        { uid: true, bodyParts: wanted.map((w) => ({ key: w.section, start: 0, maxLength: w.maxBytes })) },
        { uid: true },
      );
      for (const w of wanted) {
        const buf = parts ? parts.bodyParts?.get(w.section.toLowerCase()) ?? parts.bodyParts?.get(w.section) : undefined;
        if (buf) sections.set(w.section, buf);
      }
    }
    if (opts.markSeen && !detail.flags.includes('\\Seen')) {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      detail.flags.push('\\Seen');
    }
    return { detail, sections };
  });
}

/** The message's header section only (BODY.PEEK[HEADER]), for "Show all headers". */
export async function fetchHeaderBlock(pool: ConnectionPool, account: Account, folder: string, uid: number): Promise<Buffer> {
  return inFolder(pool, account, folder, async (client) => {
    const msg = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
    if (!msg || !msg.headers) throw new MailError('no-message', `${folder} ${uid}`);
    return msg.headers;
  });
}

export interface PartDownload {
  stream: Readable;
  contentType: string;
  filename?: string;
  /** Size as stored (encoded), for information only. */
  expectedSize?: number;
}

/**
 * Streams one part, transfer-decoded, over a connection of its own, so a slow download does not hold up the
 * user's other pages. The connection closes when the stream ends, fails, or stalls past the command timeout.
 */
export async function downloadPart(pool: ConnectionPool, account: Account, folder: string, uid: number, section: string, stallTimeoutMs: number): Promise<PartDownload> {
  const { client, done } = await pool.openDedicated(account);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
  };
  try {
    try {
      await client.mailboxOpen(folder, { readOnly: true });
    } catch (err) {
      const e = toMailError(err);
      throw e.code === 'server' ? new MailError('no-folder', e.message, { cause: err }) : e;
    }
    const result = await client.download(String(uid), section, { uid: true, chunkSize: 1024 * 1024 });
    if (!('content' in result) || !result.content) throw new MailError('no-part', `${folder} ${uid} ${section}`);
    const content = result.content as Readable;
    let stall: NodeJS.Timeout | undefined;
    const armStall = () => {
      clearTimeout(stall);
      stall = setTimeout(() => content.destroy(new MailError('timeout', 'download stalled')), stallTimeoutMs);
      stall.unref();
    };
    armStall();
    content.on('data', armStall);
    content.on('close', () => {
      clearTimeout(stall);
      finish();
    });
    content.on('error', () => finish());
    return { stream: content, contentType: result.meta.contentType ?? 'application/octet-stream', filename: result.meta.filename || undefined, expectedSize: result.meta.expectedSize };
  } catch (err) {
    finish();
    throw toMailError(err);
  }
}
