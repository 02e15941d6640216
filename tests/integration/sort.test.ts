// Lists in another order than arrival, sorted by the server: Dovecot with ESORT (only the page's UIDs come back:
// RETURN (PARTIAL …)), and the courier-like one with plain SORT (the whole order, for a folder of at most
// MAX_UNPAGED_SORT messages). The folder, a search in it, paging, and a message's neighbours.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { ConnectionPool } from '@/lib/imap/pool';
import { listMessages, openMessage, searchMessages } from '@/lib/imap/mail';
import type { MessageSummary, SortOrder } from '@/lib/imap/types';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { BODY_SECTION, FIXTURE_INBOX_COUNT, SEARCH_CORPUS, TEST_USERS } from '../helpers/fixtures';
import { imapSessions } from '../helpers/imap-sessions';

const sessions = imapSessions('sort');
const corpusInbox = SEARCH_CORPUS.filter((m) => !m.folder);

/** What the server compares, near enough for the corpus: case and accents folded; RFC 5256's base subject. */
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
const baseSubject = (s: string) => fold(s.replace(/^((re|fwd?|fw)\s*:\s*)+/i, '').trim());

const SERVERS: Array<{ layout: DovecotLayout; port: () => number; sender: (m: MessageSummary) => string }> = [
  // SORT=DISPLAY: the sender's display name.
  { layout: 'dovecot', port: () => inject('imapPort'), sender: (m) => fold(m.from[0]?.name || m.from[0]?.address || '') },
  // Plain SORT FROM (RFC 5256): the mailbox part of the address.
  { layout: 'courier-like', port: () => inject('courierImapPort'), sender: (m) => fold((m.from[0]?.address ?? '').split('@')[0]) },
];

/** True when `keys` never go down (ascending) or never go up (descending). */
function inOrder<T>(keys: T[], descending: boolean): boolean {
  return keys.every((k, i) => i === 0 || (descending ? keys[i - 1] >= k : keys[i - 1] <= k));
}

describe.each(SERVERS)('sorting on the $layout server', ({ layout, port, sender }) => {
  let proxy: CountingProxy;
  beforeAll(async () => {
    proxy = await startCountingProxy({ host: '127.0.0.1', port: port() });
  });
  afterAll(async () => {
    await proxy.close();
  });
  const pool = (): ConnectionPool => sessions.makePool(proxy.port);
  // The rows show no size: what the server sorts by is read straight from it (RFC822.SIZE by UID).
  const sizes = new Map<number, number>();
  beforeAll(async () => {
    const other = new ImapFlow({ host: '127.0.0.1', port: port(), secure: false, auth: { user: TEST_USERS.sam.user, pass: TEST_USERS.sam.password }, logger: false });
    await other.connect();
    try {
      await other.mailboxOpen('INBOX', { readOnly: true });
      for (const m of await other.fetchAll('1:*', { uid: true, size: true })) sizes.set(m.uid, m.size ?? 0);
    } finally {
      await other.logout();
    }
  });
  const keyOf: Record<SortOrder['key'], (m: MessageSummary) => string | number> = {
    arrival: (m) => m.uid,
    date: (m) => m.date ?? '',
    from: sender,
    subject: (m) => baseSubject(m.subject),
    size: (m) => sizes.get(m.uid) ?? -1,
  };

  it.each([
    { key: 'arrival', descending: false },
    { key: 'date', descending: true },
    { key: 'date', descending: false },
    { key: 'from', descending: false },
    { key: 'from', descending: true },
    { key: 'subject', descending: false },
    { key: 'subject', descending: true },
    { key: 'size', descending: true },
    { key: 'size', descending: false },
  ] as SortOrder[])('the corpus by $key (descending $descending)', async (order) => {
    const p = pool();
    const page = await listMessages(p, await sessions.signedIn(p, TEST_USERS.sam), 'INBOX', 1, order);
    expect(page.order).toEqual(order);
    expect(page.unsorted).toBeUndefined();
    expect(page.total).toBe(corpusInbox.length);
    expect(new Set(page.messages.map((m) => m.subject))).toEqual(new Set(corpusInbox.map((m) => m.subject)));
    expect(inOrder(page.messages.map(keyOf[order.key]), order.descending)).toBe(true);
  });

  it('puts the largest first, and a reply beside what it answers (base subject), ties in arrival order', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, TEST_USERS.sam);
    const bySize = await listMessages(p, a, 'INBOX', 1, { key: 'size', descending: true });
    expect(bySize.messages.slice(0, 3).map((m) => m.subject)).toEqual(['Thesis chapter for review', 'Spectrometer calibration data', 'Holiday photos']);
    const bySubject = (await listMessages(p, a, 'INBOX', 1, { key: 'subject', descending: false })).messages.map((m) => m.subject);
    const i = bySubject.indexOf('Telescope booking for March');
    expect(bySubject[i + 1]).toBe('Re: Telescope booking for March');
  });

  it('pages through a sorted folder: every message once, in order, asking the server for the page only', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, TEST_USERS.alice);
    const order: SortOrder = { key: 'subject', descending: false };
    await listMessages(p, a, 'INBOX', 1);
    proxy.reset();
    const pages = [];
    for (let n = 1; n <= Math.ceil(FIXTURE_INBOX_COUNT / 50); n++) pages.push(await listMessages(p, a, 'INBOX', n, order));
    const all = pages.flatMap((pg) => pg.messages);
    expect(pages[0].total).toBe(FIXTURE_INBOX_COUNT);
    expect(pages[0].pageCount).toBe(Math.ceil(FIXTURE_INBOX_COUNT / 50));
    expect(new Set(all.map((m) => m.uid)).size).toBe(FIXTURE_INBOX_COUNT);
    expect(inOrder(all.map((m) => baseSubject(m.subject)), false)).toBe(true);
    const sorts = proxy.stats().commands.filter((c) => /SORT/.test(c));
    expect(sorts).toHaveLength(pages.length);
    if (layout === 'dovecot') expect(sorts).toEqual(['UID SORT RETURN (PARTIAL 1:50 COUNT) (SUBJECT) UTF-8 ALL', 'UID SORT RETURN (PARTIAL 51:100 COUNT) (SUBJECT) UTF-8 ALL', 'UID SORT RETURN (PARTIAL 101:150 COUNT) (SUBJECT) UTF-8 ALL']);
    else expect(sorts.every((c) => c === 'UID SORT (SUBJECT) UTF-8 ALL')).toBe(true);
    expect(proxy.stats().commands.join('\n')).not.toMatch(/FETCH 1:\*/);
    expect(proxy.stats().commands.join('\n')).not.toMatch(BODY_SECTION);
    // A page past the end shows the last one.
    const beyond = await listMessages(p, a, 'INBOX', 99, order);
    expect(beyond.page).toBe(pages.length);
    expect(beyond.messages.map((m) => m.uid)).toEqual(pages.at(-1)!.messages.map((m) => m.uid));
  });

  it('sorts a search’s matches, and only them', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, TEST_USERS.sam);
    const page = await searchMessages(p, a, 'INBOX', { text: '', body: false, from: 'marta' }, 1, { key: 'subject', descending: false });
    expect(page.messages.map((m) => m.subject)).toEqual(['Budget meeting moved', 'Invoice for laser repair', 'Quarterly budget draft', 'Reimbursement of conference travel']);
    const oldest = await searchMessages(p, a, 'INBOX', { text: '', body: false, from: 'marta' }, 1, { key: 'arrival', descending: false });
    expect(oldest.messages.map((m) => m.subject)).toEqual(['Quarterly budget draft', 'Reimbursement of conference travel', 'Budget meeting moved', 'Invoice for laser repair']);
  });

  it('gives a message opened from a sorted list its neighbours in that order, across a page boundary', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, TEST_USERS.alice);
    const order: SortOrder = { key: 'subject', descending: true };
    const [one, two] = [await listMessages(p, a, 'INBOX', 1, order), await listMessages(p, a, 'INBOX', 2, order)];
    const place = async (uid: number, page: number) => (await openMessage(p, a, 'INBOX', uid, () => [], { markSeen: false, list: { order, page } })).place;
    expect(await place(one.messages[0].uid, 1)).toEqual({ page: 1, next: { uid: one.messages[1].uid, page: 1 } });
    expect(await place(one.messages[49].uid, 1)).toEqual({ page: 1, previous: { uid: one.messages[48].uid, page: 1 }, next: { uid: two.messages[0].uid, page: 2 } });
    expect(await place(two.messages[0].uid, 2)).toEqual({ page: 2, previous: { uid: one.messages[49].uid, page: 1 }, next: { uid: two.messages[1].uid, page: 2 } });
    // In arrival order, oldest first: its sequence number is its place.
    const asc = await listMessages(p, a, 'INBOX', 1, { key: 'arrival', descending: false });
    expect((await openMessage(p, a, 'INBOX', asc.messages[1].uid, () => [], { markSeen: false, list: { order: { key: 'arrival', descending: false } } })).place).toEqual({
      page: 1,
      previous: { uid: asc.messages[0].uid, page: 1 },
      next: { uid: asc.messages[2].uid, page: 1 },
    });
  });

  it('reads the folder it is given', async () => {
    const p = pool();
    const page = await listMessages(p, await sessions.signedIn(p, TEST_USERS.sam), folderPathIn(layout, 'Research'), 1, { key: 'date', descending: false });
    expect(page.messages.map((m) => m.subject)).toEqual(SEARCH_CORPUS.filter((m) => m.folder === 'Research').map((m) => m.subject));
  });
});
