// A list as the user asked for it: the folder or a search in it, in an order. Every list is the same to its pages
// and to a message's Previous/Next: a count, and the messages at positions `from`..`to` (1 = the top row), asked
// of the server for exactly those positions wherever it can.
import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { searchCriteria, searchKept, type SearchLimits } from './search';
import { positionIn, rangeCount, setOf, sliceRanges, type Range } from './sequence';
import { sortWay, sortedPage, type SortWay } from './sort';
import { NEWEST_FIRST } from '@/lib/urls';
import type { SearchCoverage, SearchTerms, SortOrder } from './types';

/** The messages at some positions of a list, top first: sequence numbers, or UIDs (`byUid`). */
export interface AtPositions {
  numbers: number[];
  byUid: boolean;
  /** The list's length as the server counted it for this answer (a SORT's COUNT). */
  total: number;
}

export interface ListView {
  /** The list's length, when known before any positions are asked for (a sorted folder learns it with them). */
  total?: number;
  coverage?: SearchCoverage;
  /** The order the list is in: the one asked for, or arrival when the server cannot sort so (`unsorted`). */
  order: SortOrder;
  unsorted?: SortOrder;
  at(from: number, to: number): Promise<AtPositions>;
  /**
   * A message's position in the list (1 = top), where the list can tell it without asking the server (arrival
   * order: its sequence number, or its place among a search's matches); undefined when it is not in the list.
   * Absent for a list in the server's sorted order: there a message is looked for on the page it was opened from.
   */
  positionOf?(uid: number, seq: number): number | undefined;
}

export interface ViewRequest {
  sid: string;
  search?: SearchTerms;
  order: SortOrder;
  limits: SearchLimits;
}


export async function viewOf(client: ImapFlow, mailbox: MailboxObject, req: ViewRequest): Promise<ListView> {
  if (!req.search) return folderView(client, mailbox, req.order);
  const { matches, coverage } = await searchKept(client, mailbox, req.sid, req.search, req.limits);
  return { ...resultsView(client, matches, req.order, req.search), coverage };
}

function folderView(client: ImapFlow, mailbox: MailboxObject, asked: SortOrder): ListView {
  const exists = mailbox.exists;
  const way = sortWay(client, asked, exists);
  if (way === 'sequence' || way === 'none') {
    const order = way === 'none' ? NEWEST_FIRST : asked;
    return {
      total: exists,
      order,
      unsorted: way === 'none' ? asked : undefined,
      at: async (from, to) => ({ numbers: positions(exists, from, to, order.descending), byUid: false, total: exists }),
      positionOf: (_uid, seq) => (seq >= 1 && seq <= exists ? (order.descending ? exists - seq + 1 : seq) : undefined),
    };
  }
  return { order: asked, at: (from, to) => sorted(client, asked, way, from, to) };
}

async function sorted(client: ImapFlow, order: SortOrder, way: 'partial' | 'whole', from: number, to: number, criteria?: SearchObject): Promise<AtPositions> {
  const page = await sortedPage(client, order, way, from, to, criteria);
  return { numbers: page.uids, byUid: true, total: page.total };
}

/**
 * The longest UID set a sort of search results sends (`UID SORT … UID <set>`): scattered matches make a long one,
 * and servers cap a command's length (Dovecot at 64 KB). Past it the results stay newest first, and say so.
 */
const MAX_SORT_SET_CHARS = 16_000;

function resultsView(client: ImapFlow, matches: Range[], asked: SortOrder, terms: SearchTerms): ListView {
  const total = rangeCount(matches);
  const set = setOf(matches);
  const way: SortWay = set.length > MAX_SORT_SET_CHARS && asked.key !== 'arrival' ? 'none' : sortWay(client, asked, total);
  if (way === 'sequence' || way === 'none' || total === 0) {
    const order = way === 'none' ? NEWEST_FIRST : asked;
    return {
      total,
      order,
      unsorted: way === 'none' ? asked : undefined,
      // Newest first, positions from..to from the top are matches total-to+1 … total-from+1 from the lowest UID.
      at: async (from, to) => {
        const span = positions(total, from, to, false);
        if (span.length === 0) return { numbers: [], byUid: true, total };
        const lo = order.descending ? total - span.at(-1)! + 1 : span[0];
        const picked = sliceRanges(matches, lo, lo + span.length - 1);
        return { numbers: order.descending ? picked.reverse() : picked, byUid: true, total };
      },
      positionOf: (uid) => {
        const p = positionIn(matches, uid);
        return p === undefined ? undefined : order.descending ? total - p + 1 : p;
      },
    };
  }
  // The server sorts the matches it found: `UID SORT … UID <the matches>`, with the search's own criteria too
  // (cheap: the UIDs narrow it first), so the order holds only what the search holds.
  const criteria = { ...searchCriteria(terms), uid: set };
  return { total, order: asked, at: (from, to) => sorted(client, asked, way, from, to, criteria) };
}

/** Positions `from`..`to` of a list of `count` numbered 1…count, top first: count, count−1 … when descending. */
function positions(count: number, from: number, to: number, descending: boolean): number[] {
  const out: number[] = [];
  for (let p = Math.max(1, from); p <= Math.min(count, to); p++) out.push(descending ? count - p + 1 : p);
  return out;
}
