// Mail operations over a pooled connection. Each fetches only what its page shows.
import type { FetchMessageObject, FetchQueryObject, ImapFlow, ListResponse, MailboxObject } from 'imapflow';
import { log } from '@/lib/log.mjs';
import { PassThrough, Readable, pipeline } from 'node:stream';
import { decodeTransfer, transferDecoder } from '@/lib/mime/decode';
import { MailError, toMailError } from './errors';
import { withTimeout, type Account, type ConnectionPool, type RunLimit } from './pool';
import { describePart } from '@/lib/mime/plan';
import type { MimeNode } from '@/lib/mime/types';
import { rangeCount, sequenceSet, sliceRanges } from './sequence';
import { countCache, dueForStatus, STATUS_BUDGET_MS } from './folder-counts';
import { namespacesOf } from './namespaces';
import { fetchRowItems } from './rows';
import { buildFolderSections, folderLabel, rowNeedsStructure, translateDetail, translateStructure, translateSummary } from './translate';
import { ROW_HEADER_FIELDS, ROW_SHOWN_FIELDS, rowHeaders, type RowHeaders } from '@/lib/mime/row';
import type { EverywhereResults, FolderSection, ListPlace, ListPosition, MessageDetail, MessagePage, MessageSummary, SearchTerms, SortOrder } from './types';

import { PAGE_SIZE, pageRange } from './paging';
import { NEWEST_FIRST } from '@/lib/urls';
import { searchAcrossFolders, searchKept } from './search';
import { searchCompiler } from 'imapflow/lib/search-compiler.js';
import { decodePath } from 'imapflow/lib/tools.js';
import { conversationsIn, threadsByReferences, unreadAmong } from './threads';
import { viewOf, type AtPositions, type ListView, type ViewRequest } from './views';

export { PAGE_SIZE, pageRange };

/**
 * Runs `work` with `folder` selected. A folder that was already selected is refreshed with NOOP, so messages that
 * arrived or vanished since (another client, another tab) are discovered before anything is shown.
 * With `uidValidity` (from a message link), a folder whose UIDVALIDITY has changed since is refused: its UIDs
 * now name other messages, so the link's message is gone.
 */
export async function inFolder<T>(pool: ConnectionPool, account: Account, folder: string, work: (client: ImapFlow, mailbox: MailboxObject) => Promise<T>, uidValidity?: string, limit?: RunLimit): Promise<T> {
  return pool.run(account, async (client) => {
    const wasSelected = client.mailbox !== false && client.mailbox.path === folder;
    let lock;
    try {
      lock = await client.getMailboxLock(folder);
    } catch (err) {
      throw selectError(client, err);
    }
    try {
      if (wasSelected) await client.noop();
      const mailbox = client.mailbox;
      if (!mailbox) throw new MailError('no-folder', folder);
      checkUidValidity(mailbox, uidValidity);
      return await work(client, mailbox);
    } finally {
      lock.release();
    }
  }, limit);
}

function checkUidValidity(mailbox: MailboxObject, expected: string | undefined): void {
  if (expected !== undefined && String(mailbox.uidValidity) !== expected) {
    throw new MailError('no-message', `${mailbox.path}: UIDVALIDITY is ${mailbox.uidValidity}, the link has ${expected}`);
  }
}

/**
 * Why a folder could not be selected. Dovecot answers NO [NONEXISTENT]; other servers a plain NO. A failure on a
 * connection that is gone is a connection fault, not a missing folder.
 */
function selectError(client: ImapFlow, err: unknown): MailError {
  const e = toMailError(err);
  if (e.code !== 'server') return e;
  if (!client.usable) return new MailError('unreachable', e.message, { cause: err });
  return new MailError('no-folder', e.message, { cause: err });
}

const COUNT_QUERY = { unseen: true, messages: true } as const;

/**
 * The folder tree, a section per namespace, with unread counts. With LIST-STATUS the counts come in the one LIST;
 * without it (Courier, older Cyrus) they come from the session's count cache and a few STATUS commands per view
 * (lib/imap/folder-counts.ts), sent after the page's own commands and within a budget: a slow or failing STATUS
 * leaves that count blank. `shown` is the folder the page shows: its count is always asked afresh.
 */
export async function listFolders(pool: ConnectionPool, account: Account, opts: { shown?: string } = {}): Promise<FolderSection[]> {
  const { list, ns, paths, cache } = await pool.run(account, async (client) => {
    const ns = namespacesOf(client);
    const list = await client.list(client.capabilities.has('LIST-STATUS') ? { statusQuery: COUNT_QUERY } : {});
    // RFC 2342: "*" need not reach the other namespaces; list each one that the first answer did not.
    for (const n of [...ns.other, ...ns.shared]) {
      if (n.prefix && !list.some((e) => e.path.startsWith(n.prefix))) list.push(...(await listBelow(client, n.prefix)));
    }
    const cache = countCache(client);
    for (const entry of list) {
      if (entry.status && typeof entry.status.messages === 'number') cache.set(entry.path, { unseen: entry.status.unseen ?? 0, total: entry.status.messages, at: Date.now() });
    }
    const paths = list.filter((e) => !e.status && isSelectable(e)).map((e) => e.path);
    return { list, ns, paths, cache };
  });
  if (paths.length > 0) await refreshCounts(pool, account, paths, opts.shown);
  for (const entry of list) {
    const known = cache.get(entry.path);
    if (!entry.status && known) entry.status = { path: entry.path, unseen: known.unseen, messages: known.total };
  }
  return buildFolderSections(list, ns);
}

function isSelectable(entry: ListResponse): boolean {
  return !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent');
}

/** LIST "" "<prefix>*": one namespace's folders, for a server whose "*" stays in the personal one. */
async function listBelow(client: ImapFlow, prefix: string): Promise<ListResponse[]> {
  // imapflow's list() always asks for "*"; its command runner takes the pattern. listOnly: no LSUB, no STATUS.
  const run = (client as unknown as { run(cmd: 'LIST', reference: string, pattern: string, opts: object): Promise<ListResponse[]> }).run.bind(client);
  return (await run('LIST', '', `${prefix}*`, { listOnly: true })) ?? [];
}

/**
 * Asks STATUS for the folders due (the shown one first, then the stalest), one at a time, until the budget is
 * spent. The counts land in the session's cache as they come; on timeout the rest simply stay unknown.
 */
async function refreshCounts(pool: ConnectionPool, account: Account, paths: string[], shown: string | undefined): Promise<void> {
  let stopped = false;
  await pool
    .run(
      account,
      async (client) => {
        const cache = countCache(client);
        for (const path of dueForStatus(paths, cache, Date.now(), { shown })) {
          if (stopped) return;
          try {
            const st = await client.status(path, COUNT_QUERY);
            if (st && typeof st.messages === 'number') cache.set(path, { unseen: st.unseen ?? 0, total: st.messages, at: Date.now() });
          } catch (err) {
            if (!client.usable) throw err;
            // A folder the server will not count (no rights, gone meanwhile) stays blank until it is asked again.
            cache.delete(path);
          }
        }
      },
      { timeoutMs: STATUS_BUDGET_MS, keepOnTimeout: true },
    )
    .catch((err) => {
      stopped = true;
      log.warn({ code: toMailError(err).code, err: toMailError(err).message }, 'unread counts left blank: STATUS did not finish in time');
    });
}

const SUMMARY_QUERY = { uid: true, flags: true, envelope: true, internalDate: true, size: true } as const;

/**
 * The header fields a folder's rows are fetched with. The paperclip comes from the server's `$HasAttachment` /
 * `$HasNoAttachment` keywords where the folder's FLAGS (from SELECT) lists them (Dovecot's attachment detection):
 * then the rows need no type fields, and a row that still lacks both keywords (mail from before the server set
 * them) has its BODYSTRUCTURE asked. Elsewhere the message's own type fields tell most rows apart.
 */
function rowFieldsFor(mailbox: Pick<MailboxObject, 'flags'> | false | undefined): readonly string[] {
  const flags = [...(mailbox ? (mailbox.flags ?? []) : [])].map((f) => f.toLowerCase());
  return flags.includes('$hasattachment') || flags.includes('$hasnoattachment') ? ROW_SHOWN_FIELDS : ROW_HEADER_FIELDS;
}

/**
 * The list rows for `wanted` (sequence numbers, or UIDs when `byUid`), newest first: one `FETCH <set> (UID FLAGS
 * BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT …)] PREVIEW)` (lib/imap/rows.ts), only what a row shows. Then, for
 * the rows that need it only: `UID FETCH <those> (UID BODYSTRUCTURE)` for a paperclip neither keywords nor the
 * header settle (any multipart), and `UID FETCH <those> (UID INTERNALDATE)` for a Date field that does not parse.
 * imapflow drops a message whose BODYSTRUCTURE it cannot parse (very deep nesting): that row is listed all the same,
 * without its paperclip. Only rows that were asked for are kept: the server may also send FETCH answers unasked
 * (flag changes made meanwhile by another client), which carry no header fields.
 */
export async function fetchSummaries(client: ImapFlow, wanted: number[], byUid: boolean): Promise<MessageSummary[]> {
  if (wanted.length === 0) return [];
  const key = (m: FetchMessageObject) => (byUid ? m.uid : m.seq);
  const asked = new Set(wanted);
  const fields = rowFieldsFor(client.mailbox);
  const rows = new Map<number, { msg: FetchMessageObject; head: RowHeaders; preview?: string }>();
  for (const { msg, preview } of await fetchRowItems(client, sequenceSet(wanted), byUid, fields)) {
    if (asked.has(key(msg)) && msg.headers !== undefined && !rows.has(key(msg))) rows.set(key(msg), { msg, head: rowHeaders(msg.headers, fields), preview });
  }
  const list = [...rows.values()];
  const uidsOf = (pick: (r: (typeof list)[number]) => boolean) => list.filter(pick).map((r) => r.msg.uid);
  const structures = await byUidFetch(client, uidsOf((r) => rowNeedsStructure(r.msg.flags, r.head)), { bodyStructure: true });
  const arrivals = await byUidFetch(client, uidsOf((r) => r.head.date === null), { internalDate: true });
  return list.map((r) => {
    const row = translateSummary(r.msg, r.head, { structure: structures.get(r.msg.uid)?.bodyStructure, internalDate: arrivals.get(r.msg.uid)?.internalDate });
    return r.preview !== undefined ? { ...row, preview: r.preview } : row;
  }).sort((a, b) => b.uid - a.uid);
}

/** One more item for some rows, by UID (nothing sent for none); what imapflow could not parse is simply absent. */
async function byUidFetch(client: Pick<ImapFlow, 'fetchAll'>, uids: number[], query: FetchQueryObject): Promise<Map<number, FetchMessageObject>> {
  const out = new Map<number, FetchMessageObject>();
  if (uids.length === 0) return out;
  const asked = new Set(uids);
  for (const m of await client.fetchAll(sequenceSet(uids), { uid: true, ...query }, { uid: true })) if (asked.has(m.uid)) out.set(m.uid, m);
  return out;
}

/** The list rows for `wanted`, each with its preview where the server makes them, in the order of `wanted`. */
async function listRows(client: ImapFlow, wanted: number[], byUid: boolean): Promise<MessageSummary[]> {
  const rows = await fetchSummaries(client, wanted, byUid);
  const place = new Map(wanted.map((n, i) => [n, i]));
  return rows.sort((x, y) => (place.get(byUid ? x.uid : x.seq) ?? 0) - (place.get(byUid ? y.uid : y.seq) ?? 0));
}

/**
 * One page of a folder, newest first unless `order` says otherwise. In arrival order it asks for exactly the rows
 * shown by sequence number (from the EXISTS count SELECT gave); in another order the server sorts and hands out
 * the page's UIDs (lib/imap/sort.ts). Either way a page costs the same in a folder of a thousand or a hundred
 * thousand.
 */
export async function listMessages(pool: ConnectionPool, account: Account, folder: string, page: number, order: SortOrder = NEWEST_FIRST): Promise<MessagePage> {
  return inFolder(pool, account, folder, async (client, mailbox) => pageOf(client, mailbox, await viewOf(client, mailbox, { sid: account.sid, order, limits: pool.searchLimits }), page));
}

/** Page `page` (1 = the top) of a list view, its rows fetched (envelopes only). */
async function pageOf(client: ImapFlow, mailbox: MailboxObject, view: ListView, page: number): Promise<MessagePage> {
  const base = { folder: mailbox.path, uidValidity: String(mailbox.uidValidity), uidNext: Number(mailbox.uidNext), order: view.order, ...(view.unsorted ? { unsorted: view.unsorted } : {}), ...(view.coverage ? { coverage: view.coverage } : {}) };
  let p = Math.max(1, Math.floor(page) || 1);
  if (view.total !== undefined) p = Math.min(p, Math.max(1, Math.ceil(view.total / PAGE_SIZE)));
  const first = (p - 1) * PAGE_SIZE + 1;
  let at = view.total === 0 ? { numbers: [], byUid: false, total: 0 } : await view.at(first, first + PAGE_SIZE - 1);
  // A sorted list learns its length with its first answer: a page past the end shows the last one.
  if (at.numbers.length === 0 && at.total > 0 && first > at.total) {
    p = Math.ceil(at.total / PAGE_SIZE);
    at = await view.at((p - 1) * PAGE_SIZE + 1, p * PAGE_SIZE);
  }
  const total = view.total ?? at.total;
  const messages = await listRows(client, at.numbers, at.byUid);
  return { ...base, total, page: p, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), messages };
}

/**
 * One page of a search in a folder, newest first unless `order` says otherwise. The server searches
 * (lib/imap/search.ts: UID SEARCH, with ESEARCH where the server has it, so a large result is a compact set),
 * through as much of the folder as the time for one page allows, and sorts the matches when asked to; only the
 * page's rows are then fetched. `total` is the number of matches found, `coverage` how much of the folder was
 * searched.
 */
export function searchMessages(pool: ConnectionPool, account: Account, folder: string, terms: SearchTerms, page: number, order: SortOrder = NEWEST_FIRST): Promise<MessagePage> {
  // The same search asked again while it runs (Search pressed twice, a reload while waiting) shares the running
  // one: the server would otherwise scan the folder once per press, one after another on the user's connection.
  const key = JSON.stringify([account.sid, folder, terms, page, order]);
  const running = searchesRunning.get(key);
  if (running) return running;
  const search = inFolder(
    pool,
    account,
    folder,
    async (client, mailbox) => pageOf(client, mailbox, await viewOf(client, mailbox, { sid: account.sid, search: terms, order, limits: pool.searchLimits }), page),
    undefined,
    { timeoutMs: pool.searchLimits.commandMs },
  ).finally(() => searchesRunning.delete(key));
  searchesRunning.set(key, search);
  return search;
}

const searchesRunning = new Map<string, Promise<MessagePage>>();

/**
 * One page of a folder's conversations (THREAD=REFERENCES): a row per conversation, newest conversation first,
 * each the envelope of its newest message with the conversation's size and unread count. The server threads the
 * folder once (kept for its other pages); then `UID FETCH` of the rows' envelopes and `UID FETCH (FLAGS)` of the
 * page's conversations' messages.
 */
export async function listConversations(pool: ConnectionPool, account: Account, folder: string, page: number): Promise<MessagePage> {
  return inFolder(pool, account, folder, async (client, mailbox) => {
    if (!threadsByReferences(client)) return { ...(await pageOf(client, mailbox, await viewOf(client, mailbox, { sid: account.sid, order: NEWEST_FIRST, limits: pool.searchLimits }), page)), unthreaded: true as const };
    const { conversations, covered } = await conversationsIn(client, mailbox, account.sid);
    const range = pageRange(conversations.length, page);
    const base = { folder: mailbox.path, uidValidity: String(mailbox.uidValidity), uidNext: Number(mailbox.uidNext), order: NEWEST_FIRST, total: conversations.length, conversations: { covered, messages: mailbox.exists } };
    if (!range) return { ...base, page: 1, pageCount: 1, messages: [] };
    // pageRange counts from the end (the newest last); conversations are newest first: the same page from the top.
    const shown = conversations.slice((range.page - 1) * PAGE_SIZE, range.page * PAGE_SIZE);
    const newest = shown.map((c) => c[c.length - 1]);
    const rows = await listRows(client, newest, true);
    const unread = await unreadAmong(client, shown.flat());
    const byNewest = new Map(shown.map((c) => [c[c.length - 1], c]));
    for (const row of rows) {
      const c = byNewest.get(row.uid);
      if (c) row.conversation = { count: c.length, unread: c.filter((u) => unread.has(u)).length, uids: sequenceSet(c) };
    }
    return { ...base, page: range.page, pageCount: range.pageCount, messages: rows };
  });
}

/** How many of each folder's matches a search of every folder lists (the rest are on the folder's own search). */
export const EVERYWHERE_GROUP_ROWS = 5;

/**
 * A search of every selectable folder. Where the server has MULTISEARCH (RFC 7377) it is one command,
 * `ESEARCH IN (personal subscribed) RETURN (ALL) …`, answered per folder; else folder by folder on the session's
 * connection: each folder's UID SEARCH within the time left of the page's (lib/imap/search.ts: newest messages
 * first). Then the envelopes of each folder's newest few matches. Folders not reached in time are listed as such,
 * each with its own search a link away. The INBOX first, then the tree's order.
 */
export async function searchEverywhere(pool: ConnectionPool, account: Account, terms: SearchTerms): Promise<EverywhereResults> {
  const limits = pool.searchLimits;
  return pool.run(
    account,
    async (client) => {
      const ns = namespacesOf(client);
      const listed = await client.list();
      const paths = listed.filter(isSelectable).map((e) => e.path);
      paths.sort((a, b) => (a === 'INBOX' ? -1 : b === 'INBOX' ? 1 : a.localeCompare(b)));
      const started = performance.now();
      const out: EverywhereResults = { groups: [], searched: 0, notSearched: [] };
      const criteria = { ...terms, everywhere: undefined, below: undefined, down: undefined };
      const across = await searchAcrossFolders(client, criteria, (c) => searchCompiler(client as never, c) as unknown[]);
      if (across) {
        const byPath = new Map(across.map((m) => [decodePath(client as never, m.mailbox), m]));
        out.searched = paths.length;
        for (const path of paths) {
          const m = byPath.get(path);
          if (!m) continue;
          const lock = await client.getMailboxLock(path).catch(() => null);
          if (!lock) continue;
          try {
            const mailbox = client.mailbox;
            // Renumbered between the search and now: its UIDs name other messages; left out rather than wrong.
            if (!mailbox || String(mailbox.uidValidity) !== m.uidValidity) continue;
            const total = rangeCount(m.matches);
            const newest = sliceRanges(m.matches, Math.max(1, total - EVERYWHERE_GROUP_ROWS + 1), total).reverse();
            out.groups.push({ folder: mailbox.path, name: folderLabel(mailbox.path, ns), uidValidity: m.uidValidity, total, coverage: { searched: mailbox.exists, complete: true }, messages: await listRows(client, newest, true) });
          } finally {
            lock.release();
          }
        }
        return out;
      }
      for (const path of paths) {
        const left = limits.pageMs - (performance.now() - started);
        // The first folder is always searched (its newest messages at least); the others while time is left.
        if (left <= 0 && out.searched > 0) {
          out.notSearched.push({ folder: path, name: folderLabel(path, ns) });
          continue;
        }
        let lock;
        try {
          lock = await client.getMailboxLock(path);
        } catch (err) {
          // A folder that cannot be opened (gone meanwhile, no rights) is skipped, as a client would.
          if (!client.usable) throw err;
          continue;
        }
        try {
          const mailbox = client.mailbox;
          if (!mailbox) continue;
          const { matches, coverage } = await searchKept(client, mailbox, account.sid, criteria, { ...limits, pageMs: Math.max(left, 0) });
          out.searched++;
          const total = rangeCount(matches);
          if (total === 0) continue;
          const newest = sliceRanges(matches, Math.max(1, total - EVERYWHERE_GROUP_ROWS + 1), total).reverse();
          out.groups.push({ folder: mailbox.path, name: folderLabel(mailbox.path, ns), uidValidity: String(mailbox.uidValidity), total, coverage, messages: await listRows(client, newest, true) });
        } finally {
          lock.release();
        }
      }
      return out;
    },
    { timeoutMs: limits.commandMs },
  );
}

/** The most messages one conversation's page lists. */
export const MAX_CONVERSATION = 200;

/**
 * The conversation a message is in, oldest first (its own page, and the rows a conversation row unfolds into): the
 * folder's threads (kept, else `UID THREAD`), then `UID FETCH` of its messages' envelopes.
 */
export async function readConversation(pool: ConnectionPool, account: Account, folder: string, uid: number, uidValidity?: string): Promise<{ folder: string; uidValidity: string; messages: MessageSummary[]; more: number }> {
  return inFolder(
    pool,
    account,
    folder,
    async (client, mailbox) => {
      const conversations = threadsByReferences(client) ? (await conversationsIn(client, mailbox, account.sid)).conversations : [];
      const conversation = conversations.find((c) => c.includes(uid)) ?? [uid];
      const shown = conversation.slice(-MAX_CONVERSATION);
      const messages = await listRows(client, shown, true);
      if (messages.length === 0) throw new MailError('no-message', `${folder} ${uid}`);
      return { folder: mailbox.path, uidValidity: String(mailbox.uidValidity), messages, more: conversation.length - shown.length };
    },
    uidValidity,
  );
}

export interface OpenedMessage {
  detail: MessageDetail;
  /** Its place in the list it was opened from; undefined when it is not in that list (no longer matches a search). */
  place?: ListPlace;
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
  opts: { markSeen: boolean; uidValidity?: string; list?: { search?: SearchTerms; order?: SortOrder; page?: number } },
): Promise<OpenedMessage> {
  return inFolder(pool, account, folder, async (client, mailbox) => {
    const query = { ...SUMMARY_QUERY, bodyStructure: true };
    let msg = await client.fetchOne(String(uid), query, { uid: true });
    // Without a parsable structure the message still opens (as raw text) rather than vanishing.
    if (!msg) msg = await client.fetchOne(String(uid), SUMMARY_QUERY, { uid: true });
    if (!msg) throw new MailError('no-message', `${folder} ${uid}`);
    const detail = { ...translateDetail(folder, msg, namespacesOf(client)), uidValidity: String(mailbox.uidValidity) };
    const wanted = choose(detail);
    const sections = new Map<string, Buffer>();
    if (wanted.length > 0) {
      const keyed = wanted.map((w) => ({ ...w, key: imapSection(detail.structure, w.section) }));
      const parts = await client.fetchOne(String(uid), { uid: true, bodyParts: keyed.map((w) => ({ key: w.key, start: 0, maxLength: w.maxBytes })) }, { uid: true });
      for (const w of keyed) {
        // imapflow hands the header section over as `headers`, every other section in `bodyParts`.
        const buf = !parts ? undefined : w.key === 'HEADER' ? parts.headers : parts.bodyParts?.get(w.key.toLowerCase()) ?? parts.bodyParts?.get(w.key);
        if (buf) sections.set(w.section, buf);
      }
    }
    if (opts.markSeen && !detail.flags.includes('\\Seen')) {
      await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
      detail.flags.push('\\Seen');
    }
    // The message is read by now: a neighbour lookup that fails costs the links beside it, never the message.
    const place = opts.list
      ? await placeIn(client, mailbox, msg, { sid: account.sid, search: opts.list.search, order: opts.list.order ?? NEWEST_FIRST, limits: pool.searchLimits }, opts.list.page).catch((err) => {
          log.warn({ code: toMailError(err).code, err: toMailError(err).message }, 'message opened without its neighbours: the lookup failed');
          return undefined;
        })
      : undefined;
    return { detail, sections, place };
  }, opts.uidValidity, opts.list?.search ? { timeoutMs: pool.searchLimits.commandMs } : undefined);
}

/**
 * The message's place in its list, and its neighbours there (newest first, like the list: "previous" is newer, or
 * whatever is above it in another order). In the folder, in arrival order, its position is its sequence number and
 * its neighbours' UIDs take one `FETCH s-1,s+1 (UID)`; in a search the kept (or a new) search gives the matches
 * beside it; in a sorted list the server sorts again for the page it was opened from and the rows either side
 * (`UID SORT RETURN (PARTIAL p-1:p+50) …`).
 */
async function placeIn(client: ImapFlow, mailbox: MailboxObject, msg: FetchMessageObject, req: ViewRequest, page: number | undefined): Promise<ListPlace | undefined> {
  const view = await viewOf(client, mailbox, req);
  let position: number | undefined;
  let total = view.total;
  let around: AtPositions;
  // The position of around.numbers[0].
  let start: number;
  if (view.positionOf) {
    position = view.positionOf(msg.uid, msg.seq);
    if (position === undefined) return undefined;
    start = Math.max(1, position - 1);
    around = await view.at(start, position + 1);
  } else {
    const first = ((page ?? 1) - 1) * PAGE_SIZE + 1;
    const from = Math.max(1, first - 1);
    around = await view.at(from, first + PAGE_SIZE);
    const i = around.numbers.indexOf(around.byUid ? msg.uid : msg.seq);
    if (i < 0) return undefined;
    position = from + i;
    total ??= around.total;
    // Only the rows either side of it are wanted from here on.
    start = from + Math.max(0, i - 1);
    around = { ...around, numbers: around.numbers.slice(Math.max(0, i - 1), i + 2) };
  }
  const pageOfPosition = (p: number) => Math.floor((p - 1) / PAGE_SIZE) + 1;
  const byPosition = new Map(around.numbers.map((n, i) => [start + i, n]));
  const uidAt = async (numbers: number[]): Promise<Map<number, number>> => {
    if (around.byUid || numbers.length === 0) return new Map(numbers.map((n) => [n, n]));
    const rows = await client.fetchAll(sequenceSet(numbers), { uid: true });
    return new Map(rows.filter((r) => numbers.includes(r.seq)).map((r) => [r.seq, r.uid]));
  };
  const wanted = [position - 1, position + 1].filter((p) => p >= 1 && (total === undefined || p <= total) && byPosition.has(p));
  const uids = await uidAt(wanted.map((p) => byPosition.get(p)!));
  const at = (p: number): ListPosition | undefined => {
    const n = byPosition.get(p);
    const uid = n === undefined ? undefined : uids.get(n);
    return uid === undefined || !wanted.includes(p) ? undefined : { uid, page: pageOfPosition(p) };
  };
  return { page: pageOfPosition(position), previous: at(position - 1), next: at(position + 1) };
}

/** The IMAP section to fetch: the body of a single-part message is "TEXT" (some servers reject "1" there). */
function imapSection(root: MimeNode | null, section: string): string {
  return section === '1' && root && !root.type.startsWith('multipart/') ? 'TEXT' : section;
}

async function structureOf(client: ImapFlow, folder: string, uid: number): Promise<MimeNode> {
  const msg = await client.fetchOne(String(uid), { uid: true, bodyStructure: true }, { uid: true });
  if (!msg) throw new MailError('no-message', `${folder} ${uid}`);
  if (!msg.bodyStructure) throw new MailError('no-part', `${folder} ${uid}: no structure`);
  return translateStructure(msg.bodyStructure);
}

export type PartInfo = NonNullable<ReturnType<typeof describePart>>;

/**
 * A small part (an inline image of an HTML message) over the session's own connection: no new connection, no
 * LOGIN, two short round trips. Null when the part is larger than `maxBytes` as stored.
 */
export async function readSmallPart(pool: ConnectionPool, account: Account, folder: string, uid: number, section: string, maxBytes: number, uidValidity?: string): Promise<{ info: PartInfo; bytes: Buffer } | null> {
  return inFolder(pool, account, folder, async (client) => partOf(client, folder, uid, await structureOf(client, folder, uid), section, maxBytes), uidValidity);
}

/** A part of a message whose structure is known already, in the selected folder: one FETCH; null when over `maxBytes`. */
export async function partOf(client: ImapFlow, folder: string, uid: number, root: MimeNode, section: string, maxBytes: number): Promise<{ info: PartInfo; bytes: Buffer } | null> {
  const info = describePart(root, section);
  if (!info) throw new MailError('no-part', `${folder} ${uid} ${section}`);
  if (info.size > maxBytes) return null;
  const key = imapSection(root, section);
  const msg = await client.fetchOne(String(uid), { uid: true, bodyParts: [{ key, start: 0, maxLength: maxBytes }] }, { uid: true });
  const raw = msg ? msg.bodyParts?.get(key.toLowerCase()) ?? msg.bodyParts?.get(key) : undefined;
  if (!raw) throw new MailError('no-part', `${folder} ${uid} ${section}`);
  return { info, bytes: decodeTransfer(raw, info.encoding) };
}

export interface PartDownload {
  info: PartInfo;
  /** The part's bytes, transfer-decoded, pulled from IMAP only as fast as the browser takes them. */
  stream: Readable;
}

/** How much of a part one FETCH asks for while streaming a download. */
export const DOWNLOAD_CHUNK_BYTES = 256 * 1024;

/**
 * Streams one part over a connection of its own, so a slow download never holds up the user's other pages.
 * Each chunk is a partial FETCH (BODY.PEEK[section]<offset.length>) asked for only when the browser has taken
 * the previous one, and each has the command time limit: a slow reader is fine, a stuck server is not.
 * The connection closes when the stream ends, fails or is abandoned. The bytes are transfer-decoded unless
 * `encoded` is asked for.
 */
export async function downloadPart(pool: ConnectionPool, account: Account, folder: string, uid: number, section: string, uidValidity?: string, opts: { encoded?: boolean } = {}): Promise<PartDownload> {
  return onDedicated(pool, account, folder, uidValidity, async (client, timed, finish) => {
    const root = await timed(structureOf(client, folder, uid));
    const info = describePart(root, section);
    if (!info) throw new MailError('no-part', `${folder} ${uid} ${section}`);
    const key = imapSection(root, section);
    const raw = chunked(async (offset) => {
      const msg = await timed(client.fetchOne(String(uid), { uid: true, bodyParts: [{ key, start: offset, maxLength: DOWNLOAD_CHUNK_BYTES }] }, { uid: true }));
      return msg ? (msg.bodyParts?.get(key.toLowerCase()) ?? msg.bodyParts?.get(key)) : undefined;
    });
    // `encoded`: as stored, for a message that carries the part on (its own header says how it is encoded).
    const stream = pipeline(raw, opts.encoded ? new PassThrough() : transferDecoder(info.encoding), () => finish());
    return { info, stream };
  });
}

/**
 * A connection of its own with `folder` open read-only (EXAMINE) and its UIDVALIDITY checked, for a stream that
 * outlives the call. `work` gets the client, `timed` (each command within the command time limit; one that is
 * not lets go of the connection) and `finish` (to call when the stream ends, fails or is abandoned). If `work`
 * throws, the connection is let go at once.
 */
type Timed = <T>(p: Promise<T>) => Promise<T>;
async function onDedicated<R>(pool: ConnectionPool, account: Account, folder: string, uidValidity: string | undefined, work: (client: ImapFlow, timed: Timed, finish: () => void) => Promise<R>): Promise<R> {
  const { client, done } = await pool.openDedicated(account);
  const { commandTimeoutMs } = pool;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    done();
  };
  const timed: Timed = (p) => withTimeout(p, commandTimeoutMs, finish);
  try {
    let mailbox: MailboxObject;
    try {
      mailbox = await timed(client.mailboxOpen(folder, { readOnly: true }));
    } catch (err) {
      throw selectError(client, err);
    }
    checkUidValidity(mailbox, uidValidity);
    return await work(client, timed, finish);
  } catch (err) {
    finish();
    throw toMailError(err);
  }
}

/**
 * A stream of `fetchChunk(offset)`'s answers, each asked for only when the reader has taken the previous one, so
 * nothing is held whole in memory however large it is and however slowly the browser reads.
 */
function chunked(fetchChunk: (offset: number) => Promise<Buffer | undefined>): Readable {
  let offset = 0;
  let fetching = false;
  return new Readable({
    highWaterMark: DOWNLOAD_CHUNK_BYTES,
    read() {
      if (fetching) return;
      fetching = true;
      fetchChunk(offset).then(
        (chunk) => {
          fetching = false;
          if (!chunk) return this.push(null);
          offset += chunk.length;
          if (chunk.length > 0) this.push(chunk);
          // A short chunk is the end; so is an oversized one (a server that ignores the partial range).
          if (chunk.length !== DOWNLOAD_CHUNK_BYTES) this.push(null);
        },
        (err) => this.destroy(toMailError(err)),
      );
    },
  });
}

export interface MessageDownload {
  /** The message's size as stored (RFC822.SIZE), and its subject, for the file's name. */
  size: number;
  subject: string;
  stream: Readable;
}

/**
 * The whole message as stored (an .eml), streamed on a connection of its own: `EXAMINE`, `UID FETCH uid (UID
 * RFC822.SIZE ENVELOPE)`, then `BODY.PEEK[]<offset.262144>` chunks as the browser takes them.
 */
export async function downloadMessage(pool: ConnectionPool, account: Account, folder: string, uid: number, uidValidity?: string): Promise<MessageDownload> {
  return onDedicated(pool, account, folder, uidValidity, async (client, timed, finish) => {
    const head = await timed(client.fetchOne(String(uid), { uid: true, size: true, envelope: true }, { uid: true }));
    if (!head) throw new MailError('no-message', `${folder} ${uid}`);
    const raw = chunked(async (offset) => {
      const msg = await timed(client.fetchOne(String(uid), { uid: true, source: { start: offset, maxLength: DOWNLOAD_CHUNK_BYTES } }, { uid: true }));
      return msg ? msg.source : undefined;
    });
    const stream = pipeline(raw, new PassThrough(), () => finish());
    return { size: head.size ?? 0, subject: head.envelope?.subject ?? '', stream };
  });
}
