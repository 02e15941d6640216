// A list in another order than arrival, sorted by the server (SORT, RFC 5256): only the page's UIDs come back
// where the server can hand out a part of the order (ESORT's RETURN (PARTIAL …), RFC 5267), so a page costs the
// same in a folder of a thousand or a hundred thousand. Arrival order needs no SORT: it is the sequence numbers.
import type { ImapFlow, SearchObject } from 'imapflow';
import { searchCompiler } from 'imapflow/lib/search-compiler.js';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';
import { MailError, toMailError } from './errors';
import { execOf } from './exec';
import { withUnparsedLines } from './unparsed';
import { orderedNumbers } from './sequence';

import type { SortOrder } from './types';

/**
 * Without PARTIAL the server answers a SORT with every UID of the folder in order: taken up to this many messages
 * (about 60 KB of numbers), refused above (the page says that order is not available there).
 */
export const MAX_UNPAGED_SORT = 10_000;

/** How the selected folder can be listed in `order`: by sequence numbers, a part of the server's order, all of it, or not. */
export type SortWay = 'sequence' | 'partial' | 'whole' | 'none';

export function sortWay(client: Pick<ImapFlow, 'capabilities'>, order: SortOrder, messages: number): SortWay {
  if (order.key === 'arrival') return 'sequence';
  if (!client.capabilities.has('SORT')) return 'none';
  if (client.capabilities.has('ESORT') && (client.capabilities.has('CONTEXT=SORT') || client.capabilities.has('CONTEXT=SEARCH'))) return 'partial';
  return messages <= MAX_UNPAGED_SORT ? 'whole' : 'none';
}

/** The SORT criteria: `(REVERSE DATE)`; the sender by its display name where the server can (SORT=DISPLAY, RFC 5957). */
function sortCriteria(client: Pick<ImapFlow, 'capabilities'>, order: SortOrder): ImapCompileNode[] {
  const key = order.key === 'from' && client.capabilities.has('SORT=DISPLAY') ? 'DISPLAYFROM' : order.key.toUpperCase();
  return [...(order.descending ? [{ type: 'ATOM' as const, value: 'REVERSE' }] : []), { type: 'ATOM' as const, value: key }];
}

/** The search criteria as SORT takes them: after the charset, which SORT always names (so no CHARSET of their own). */
function searchKeys(client: ImapFlow, criteria: SearchObject | undefined): ImapCompileNode[] {
  if (!criteria || Object.keys(criteria).length === 0) return [{ type: 'ATOM', value: 'ALL' }];
  const keys = searchCompiler(client as never, criteria) as ImapCompileNode[];
  const first = keys[0] as { value?: unknown } | undefined;
  return first?.value === 'CHARSET' ? keys.slice(2) : keys;
}

/** A page of the selected folder (or of the messages matching `criteria`) in the server's order: its UIDs, and how many there are. */
export interface SortedPage {
  uids: number[];
  total: number;
}

/**
 * Positions `from`..`to` (1-based) of the order: `UID SORT RETURN (PARTIAL from:to COUNT) (…) UTF-8 <criteria>`
 * with ESORT; else `UID SORT (…) UTF-8 <criteria>` and the positions picked out of the answer.
 */
export async function sortedPage(client: ImapFlow, order: SortOrder, way: 'partial' | 'whole', from: number, to: number, criteria?: SearchObject): Promise<SortedPage> {
  const exec = execOf(client);
  const keys = [sortCriteria(client, order), { type: 'ATOM' as const, value: 'UTF-8' }, ...searchKeys(client, criteria)];
  try {
    if (way === 'partial') {
      let page: SortedPage = { uids: [], total: 0 };
      const onEsearch = async (untagged: ImapResponse) => {
        page = partialOf(untagged.attributes as unknown[] | undefined, to - from + 1);
      };
      // The answer mostly reaches us as a line imapflow could not parse (see lib/imap/unparsed.ts).
      const onLine = (line: string) => {
        const read = partialLine(line, to - from + 1);
        if (read) page = read;
      };
      await withUnparsedLines(client, onLine, async () => {
        const done = await exec('UID SORT', [{ type: 'ATOM', value: 'RETURN' }, [{ type: 'ATOM', value: 'PARTIAL' }, { type: 'ATOM', value: `${from}:${to}` }, { type: 'ATOM', value: 'COUNT' }], ...keys], { untagged: { ESEARCH: onEsearch } });
        done.next();
      });
      return page;
    }
    const all: number[] = [];
    const onSort = async (untagged: ImapResponse) => {
      for (const a of (untagged.attributes ?? []) as Array<{ value?: unknown }>) {
        const n = Number(a?.value);
        if (Number.isInteger(n) && n > 0 && n <= 0xffff_ffff && all.length < MAX_UNPAGED_SORT * 2) all.push(n);
      }
    };
    const done = await exec('UID SORT', keys, { untagged: { SORT: onSort } });
    done.next();
    return { uids: all.slice(from - 1, to), total: all.length };
  } catch (err) {
    const e = toMailError(err);
    throw e.code === 'server' ? new MailError('server', `SORT refused: ${e.message}`, { cause: err }) : e;
  }
}

/** The same answer as a raw line: `* ESEARCH (TAG "7") UID PARTIAL (1:50 120,119,3:5) COUNT 1234`; undefined if it is none. */
export function partialLine(line: string, max: number): SortedPage | undefined {
  const text = line.trim();
  if (!/^\* ESEARCH\b/i.test(text)) return undefined;
  const partial = /\bPARTIAL \(\s*[\d:]+\s+([\d:,]+|NIL)\s*\)/i.exec(text);
  if (!partial) return undefined;
  const count = /\bCOUNT (\d{1,10})\b/i.exec(text);
  return { uids: partial[1].toUpperCase() === 'NIL' ? [] : orderedNumbers(partial[1], max), total: count ? Number(count[1]) : 0 };
}

/**
 * `* ESEARCH (TAG "…") UID PARTIAL (1:50 120,119,…) COUNT 1234`: the UIDs in the server's order (a range "5:9" is
 * 5, 6 … 9 in that order, "9:5" backwards), at most `max` of them, and the count.
 */
export function partialOf(attributes: unknown[] | undefined, max: number): SortedPage {
  const out: SortedPage = { uids: [], total: 0 };
  const attrs = attributes ?? [];
  for (let i = 0; i < attrs.length; i++) {
    const word = String((attrs[i] as { value?: unknown } | undefined)?.value ?? '').toUpperCase();
    if (word === 'COUNT') {
      const n = Number((attrs[i + 1] as { value?: unknown } | undefined)?.value);
      if (Number.isInteger(n) && n >= 0) out.total = n;
    } else if (word === 'PARTIAL' && Array.isArray(attrs[i + 1])) {
      const list = attrs[i + 1] as Array<{ value?: unknown }>;
      if (list.length >= 2) out.uids = orderedNumbers(String(list[1]?.value ?? ''), max);
    }
  }
  return out;
}
