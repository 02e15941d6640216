// Unread and total counts of folders on a server without LIST-STATUS (RFC 5819), where each count costs a STATUS
// command of its own. Instead of one STATUS per folder on every page view, a session keeps the counts it has for
// a short while and refreshes only a few per view: the folder being shown always, then the ones never asked or
// asked longest ago. A count not (yet) known is shown blank; it never fails the page.
import type { ImapFlow } from 'imapflow';

/** How long a count is shown without asking again. */
export const COUNT_FRESH_MS = 60_000;
/** STATUS commands one page view sends at most. */
export const STATUS_PER_VIEW = 20;
/** How long one page view's STATUS commands may take together; what is not answered by then stays blank. */
export const STATUS_BUDGET_MS = 3_000;

export interface FolderCount {
  unseen: number;
  total: number;
  /** When the server said so (ms since the epoch). */
  at: number;
}

export type CountCache = Map<string, FolderCount>;

const bySession = new WeakMap<ImapFlow, CountCache>();

/** The counts kept for a connection (one connection is one signed-in session); gone with the connection. */
export function countCache(client: ImapFlow): CountCache {
  let cache = bySession.get(client);
  if (!cache) bySession.set(client, (cache = new Map()));
  return cache;
}

/**
 * The folders whose counts this view asks for, in order: the shown folder (always, if it is among them), then
 * those with no count, then the stalest; fresh counts are not asked again; `limit` at most.
 */
export function dueForStatus(paths: string[], cache: CountCache, now: number, opts: { shown?: string; limit?: number; freshMs?: number } = {}): string[] {
  const limit = opts.limit ?? STATUS_PER_VIEW;
  const freshMs = opts.freshMs ?? COUNT_FRESH_MS;
  const first = opts.shown !== undefined && paths.includes(opts.shown) ? [opts.shown] : [];
  const rest = paths
    .filter((p) => p !== opts.shown)
    .map((p) => ({ p, at: cache.get(p)?.at ?? -Infinity }))
    .filter((x) => now - x.at >= freshMs)
    .sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1))
    .map((x) => x.p);
  return [...first, ...rest].slice(0, limit);
}
