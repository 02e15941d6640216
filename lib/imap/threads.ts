// Conversations, threaded by the server (THREAD=REFERENCES, RFC 5256): one row per conversation, its newest
// message's envelope, how many messages it holds and how many are unread; and a conversation's own list.
import type { ImapFlow, MailboxObject } from 'imapflow';
import type { ImapResponse } from 'imapflow/lib/handler/types.js';
import { processWide } from '@/lib/process-state';
import { changesHeard } from './changes';
import { MailError, toMailError } from './errors';
import { execOf } from './exec';
import { sequenceSet } from './sequence';

/**
 * A conversation: its messages' UIDs, oldest first. The server threads at most the newest THREAD_WINDOW messages
 * of a folder: a THREAD answer names every message it covers, so its size grows with the folder.
 */
export type Conversation = number[];
export const THREAD_WINDOW = 20_000;

/** Whether the server threads by references (the conversation view needs it). */
export function threadsByReferences(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('THREAD=REFERENCES');
}

/**
 * The conversations of a THREAD answer, `(2)(3 6 (4 23)(44 7 96))`: each top-level list is one, whatever its
 * shape (chains, branches, the empty parents RFC 5256 allows); at most `maxNumbers` UIDs are read in all.
 */
export function conversationsOf(attributes: unknown[] | undefined, maxNumbers: number): Conversation[] {
  const out: Conversation[] = [];
  let budget = maxNumbers;
  const collect = (node: unknown, into: number[]) => {
    if (budget <= 0) return;
    if (Array.isArray(node)) {
      for (const n of node) collect(n, into);
      return;
    }
    const n = Number((node as { value?: unknown } | null)?.value);
    if (Number.isInteger(n) && n > 0 && n <= 0xffff_ffff) {
      into.push(n);
      budget--;
    }
  };
  for (const thread of attributes ?? []) {
    const uids: number[] = [];
    collect(thread, uids);
    if (uids.length > 0) out.push([...new Set(uids)].sort((a, b) => a - b));
  }
  return out;
}

interface KeptThreads {
  conversations: Conversation[];
  /** How many of the folder's messages were threaded (its newest). */
  covered: number;
  exists: number;
  uidNext: number;
  /** Changes the connection had heard of (lib/imap/changes.ts), and which connection. */
  heard: number;
  client: WeakRef<ImapFlow>;
  at: number;
}

const KEPT_MS = 120_000;
const KEPT_MAX = 200;
/** A folder's conversations, kept a short while per session while the folder keeps its messages (EXISTS, UIDNEXT). */
const kept = processWide('threadResults', () => new Map<string, KeptThreads>());

/**
 * The selected folder's conversations, newest conversation first (by its newest message): `UID THREAD REFERENCES
 * UTF-8 ALL`, or over the newest THREAD_WINDOW messages (`<seq>:<exists>`) in a bigger folder; kept for the
 * folder's other pages and its conversations' own pages.
 */
export async function conversationsIn(client: ImapFlow, mailbox: MailboxObject, sid: string): Promise<{ conversations: Conversation[]; covered: number }> {
  if (!threadsByReferences(client)) throw new MailError('server', 'this server has no THREAD=REFERENCES');
  const key = JSON.stringify([sid, mailbox.path, String(mailbox.uidValidity)]);
  const hit = kept.get(key);
  const heard = changesHeard(client, mailbox.path);
  if (hit && Date.now() - hit.at < KEPT_MS && hit.exists === mailbox.exists && hit.uidNext === Number(mailbox.uidNext) && hit.client.deref() === client && hit.heard === heard) return hit;
  const covered = Math.min(mailbox.exists, THREAD_WINDOW);
  let conversations: Conversation[] = [];
  if (covered > 0) {
    const range = mailbox.exists > THREAD_WINDOW ? { type: 'SEQUENCE' as const, value: `${mailbox.exists - THREAD_WINDOW + 1}:${mailbox.exists}` } : { type: 'ATOM' as const, value: 'ALL' };
    const onThread = async (untagged: ImapResponse) => {
      conversations = conversationsOf(untagged.attributes as unknown[] | undefined, covered * 2);
    };
    try {
      const done = await execOf(client)('UID THREAD', [{ type: 'ATOM', value: 'REFERENCES' }, { type: 'ATOM', value: 'UTF-8' }, range], { untagged: { THREAD: onThread } });
      done.next();
    } catch (err) {
      throw toMailError(err);
    }
  }
  conversations.sort((a, b) => b[b.length - 1] - a[a.length - 1]);
  const entry = { conversations, covered, exists: mailbox.exists, uidNext: Number(mailbox.uidNext), heard, client: new WeakRef(client), at: Date.now() };
  kept.delete(key);
  kept.set(key, entry);
  for (const [k, v] of kept) {
    if (kept.size <= KEPT_MAX && Date.now() - v.at < KEPT_MS) break;
    kept.delete(k);
  }
  return entry;
}

/** How many of `uids` are unread: `UID FETCH <uids> (UID FLAGS)`. */
export async function unreadAmong(client: ImapFlow, uids: number[]): Promise<Set<number>> {
  if (uids.length === 0) return new Set();
  const rows = await client.fetchAll(sequenceSet(uids), { uid: true, flags: true }, { uid: true });
  const wanted = new Set(uids);
  return new Set(rows.filter((r) => wanted.has(r.uid) && !r.flags?.has('\\Seen')).map((r) => r.uid));
}
