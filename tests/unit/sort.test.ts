import { describe, expect, it } from 'vitest';
import { MAX_UNPAGED_SORT, partialLine, partialOf, sortWay } from '@/lib/imap/sort';
import { orderedNumbers } from '@/lib/imap/sequence';
import { folderUrl, listContextParam, messageUrl, orderParam } from '@/lib/urls';

const caps = (...names: string[]) => ({ capabilities: new Map(names.map((n) => [n, true] as [string, boolean])) });
const sp = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams);

describe('how a folder can be sorted', () => {
  it('arrival needs no SORT; the others take a part of the order with ESORT, all of it without, and none without SORT', () => {
    expect(sortWay(caps(), { key: 'arrival', descending: false }, 100_000)).toBe('sequence');
    expect(sortWay(caps('SORT', 'ESORT', 'CONTEXT=SEARCH'), { key: 'subject', descending: false }, 100_000)).toBe('partial');
    expect(sortWay(caps('SORT'), { key: 'subject', descending: false }, MAX_UNPAGED_SORT)).toBe('whole');
    // Without PARTIAL a big folder's whole order would be the answer: refused (the page says so).
    expect(sortWay(caps('SORT'), { key: 'subject', descending: false }, MAX_UNPAGED_SORT + 1)).toBe('none');
    expect(sortWay(caps('ESORT'), { key: 'date', descending: true }, 10)).toBe('none');
  });

  it('reads the server’s part of an order as written, never more than a page', () => {
    const attrs = [{ type: 'ATOM', value: 'PARTIAL' }, [{ type: 'ATOM', value: '1:5' }, { type: 'ATOM', value: '120,7:9,4:2' }], { type: 'ATOM', value: 'COUNT' }, { type: 'ATOM', value: '1234' }];
    expect(partialOf(attrs, 50)).toEqual({ uids: [120, 7, 8, 9, 4, 3, 2], total: 1234 });
    expect(partialOf(attrs, 3)).toEqual({ uids: [120, 7, 8], total: 1234 });
    // As a raw line (imapflow's parser refuses a set right before ")"), the count before or after.
    expect(partialLine('* ESEARCH (TAG "9") UID PARTIAL (1:5 109,116,119,1:2) COUNT 120', 50)).toEqual({ uids: [109, 116, 119, 1, 2], total: 120 });
    expect(partialLine('* ESEARCH (TAG "9") UID COUNT 7 PARTIAL (51:55 NIL)', 50)).toEqual({ uids: [], total: 7 });
    expect(partialLine('* ESEARCH (TAG "9") UID ALL 1:5', 50)).toBeUndefined();
    expect(partialLine('* 3 FETCH (UID 9)', 50)).toBeUndefined();
    // A hostile range is walked only as far as the page.
    expect(orderedNumbers('1:4294967295', 50)).toHaveLength(50);
    expect(orderedNumbers('0,x,5:5,4294967296', 50)).toEqual([5]);
  });
});

describe('the order in URLs', () => {
  it('names an order only when it is not newest first, its direction only against the key’s usual one', () => {
    expect(folderUrl('INBOX', 1, undefined, { key: 'arrival', descending: true })).toBe('/mail?folder=INBOX');
    expect(folderUrl('INBOX', 2, undefined, { key: 'subject', descending: false })).toBe('/mail?folder=INBOX&sort=subject&page=2');
    expect(folderUrl('INBOX', 1, undefined, { key: 'date', descending: false })).toBe('/mail?folder=INBOX&sort=date&order=asc');
    expect(orderParam(sp('/mail?sort=from'))).toEqual({ key: 'from', descending: false });
    expect(orderParam(sp('/mail?sort=size'))).toEqual({ key: 'size', descending: true });
    expect(orderParam(sp('/mail?sort=size&order=asc'))).toEqual({ key: 'size', descending: false });
    expect(orderParam(sp('/mail?sort=nonsense&order=asc'))).toEqual({ key: 'arrival', descending: true });
    // A message opened from a sorted list carries its order, so its neighbours are the list's.
    const msg = messageUrl('INBOX', 7, { list: { page: 2, order: { key: 'subject', descending: true } } });
    expect(listContextParam(sp(msg))).toEqual({ page: 2, search: undefined, order: { key: 'subject', descending: true } });
  });
});
