// Search against Dovecot with a corpus whose answers are known (rig/seed-data.ts SEARCH_CORPUS): each criterion,
// combinations, non-ASCII terms, the window of newest messages and "older" below it, and what goes over the wire.
// On Dovecot's own layout (with the full-text index) and on the courier-like one (no index, no ESEARCH).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectionPool } from '@/lib/imap/pool';
import { EVERYWHERE_GROUP_ROWS, searchEverywhere, searchMessages } from '@/lib/imap/mail';
import type { SearchTerms } from '@/lib/imap/types';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { BODY_SECTION, ROW_FETCH, SEARCH_CORPUS, TEST_USERS, type CorpusMessage } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const sam = TEST_USERS.sam;
const sessions = imapSessions('search');

/** The corpus's messages of a folder, oldest first (their UID order). */
const inFolder = (folder: string) => SEARCH_CORPUS.filter((m) => (m.folder ?? 'INBOX') === folder);
const person = (p: { name: string; address: string }) => `${p.name} <${p.address}>`;
const has = (field: string, word: string) => field.toLocaleLowerCase().includes(word.toLocaleLowerCase());
const bodyOf = (m: CorpusMessage) => m.body;
const people = (m: CorpusMessage) => [person(m.from), ...m.to.map(person), ...(m.cc ?? []).map(person)].join(', ');
/** Subjects of the folder's messages for which `pred` holds, newest first (as a results page lists them). */
const expected = (pred: (m: CorpusMessage) => boolean, folder = 'INBOX') => inFolder(folder).filter(pred).map((m) => m.subject).reverse();
const big = (m: CorpusMessage) => (m.padding ?? 0) > 50 * 1024;

const t = (terms: Partial<SearchTerms>): SearchTerms => ({ text: '', body: false, ...terms });

/** Each criterion alone and in combination, with what the corpus says it must find. */
const CASES: Array<[string, SearchTerms, (m: CorpusMessage) => boolean]> = [
  ['the box: subject and people', t({ text: 'telescope' }), (m) => has(m.subject, 'telescope') || has(people(m), 'telescope')],
  ['the box with the message text', t({ text: 'telescope', body: true }), (m) => has(m.subject, 'telescope') || has(m.body, 'telescope')],
  ['the box finds people', t({ text: 'marta' }), (m) => has(people(m), 'marta')],
  ['from', t({ from: 'marta' }), (m) => has(person(m.from), 'marta')],
  ['to', t({ to: 'optics' }), (m) => m.to.some((p) => has(person(p), 'optics'))],
  ['cc', t({ cc: 'jonas' }), (m) => (m.cc ?? []).some((p) => has(person(p), 'jonas'))],
  ['subject', t({ subject: 'budget' }), (m) => has(m.subject, 'budget')],
  ['body', t({ bodyText: 'calibration' }), (m) => has(bodyOf(m), 'calibration')],
  ['whole text', t({ anyText: 'spectrometer' }), (m) => has(m.subject, 'spectrometer') || has(m.body, 'spectrometer')],
  ['since', t({ since: '2024-05-01' }), (m) => m.day >= '2024-05-01'],
  ['before', t({ before: '2024-02-01' }), (m) => m.day < '2024-02-01'],
  ['since and before', t({ since: '2024-03-01', before: '2024-04-01' }), (m) => m.day >= '2024-03-01' && m.day < '2024-04-01'],
  ['unread', t({ unread: true }), (m) => !m.seen],
  ['flagged', t({ flagged: true }), (m) => Boolean(m.flagged)],
  ['answered', t({ answered: true }), (m) => Boolean(m.answered)],
  ['with label', t({ label: 'finance' }), (m) => (m.labels ?? []).includes('finance')],
  ['larger than', t({ larger: 50 * 1024 }), big],
  ['smaller than', t({ smaller: 50 * 1024 }), (m) => !big(m)],
  ['larger and smaller', t({ larger: 70 * 1024, smaller: 100 * 1024 }), (m) => (m.padding ?? 0) > 70 * 1024 && (m.padding ?? 0) < 100 * 1024],
  ['from and label', t({ from: 'marta', label: 'urgent' }), (m) => has(person(m.from), 'marta') && (m.labels ?? []).includes('urgent')],
  ['unread and flagged', t({ unread: true, flagged: true }), (m) => !m.seen && Boolean(m.flagged)],
  ['body and flagged', t({ bodyText: 'laser', flagged: true }), (m) => has(m.body, 'laser') && Boolean(m.flagged)],
  ['the box, a date and a flag', t({ text: 'budget', body: true, since: '2024-02-01', unread: false, flagged: false }), (m) => (has(m.subject, 'budget') || has(m.body, 'budget')) && m.day >= '2024-02-01'],
  ['non-ASCII subject, in another case', t({ subject: 'grüße' }), (m) => has(m.subject, 'grüße')],
  ['non-ASCII in the box', t({ text: 'köln' }), (m) => has(m.subject, 'köln')],
  ['non-ASCII body', t({ bodyText: 'Straße' }), (m) => has(m.body, 'straße')],
  ['Cyrillic', t({ text: 'бюджете' }), (m) => has(m.subject, 'бюджете')],
  ['non-ASCII name', t({ from: 'Ångström' }), (m) => has(person(m.from), 'ångström')],
  ['nothing matches', t({ subject: 'xylophone' }), () => false],
];

const SERVERS: Array<{ layout: DovecotLayout; port: () => number }> = [
  { layout: 'dovecot', port: () => inject('imapPort') },
  { layout: 'courier-like', port: () => inject('courierImapPort') },
];

describe.each(SERVERS)('search on the $layout server', ({ layout, port }) => {
  let proxy: CountingProxy;
  beforeAll(async () => {
    proxy = await startCountingProxy({ host: '127.0.0.1', port: port() });
  });
  afterAll(async () => {
    await proxy.close();
  });
  const pool = (overrides: Parameters<typeof sessions.makePool>[1] = {}): ConnectionPool => sessions.makePool(proxy.port, overrides);
  const subjects = async (p: ConnectionPool, terms: SearchTerms, folder = 'INBOX') => (await searchMessages(p, await sessions.signedIn(p, sam), folderPathIn(layout, folder), terms, 1)).messages.map((m) => m.subject);

  it.each(CASES)('%s', async (_name, terms, pred) => {
    expect(await subjects(pool(), terms)).toEqual(expected(pred));
  });

  it('searches the folder it is given', async () => {
    expect(await subjects(pool(), t({ text: 'telescope' }), 'Research')).toEqual(expected((m) => has(m.subject, 'telescope'), 'Research'));
  });

  it('moves only UIDs and the shown envelopes: no body section, no FETCH of the whole folder', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, sam);
    proxy.reset();
    const page = await searchMessages(p, a, 'INBOX', t({ text: 'telescope', body: true }), 1);
    const { commands, bytesFromServer } = proxy.stats();
    expect(page.messages.length).toBeGreaterThan(0);
    for (const c of commands) expect(c).not.toMatch(/FETCH 1:\*/i);
    for (const c of commands) expect(c).not.toMatch(BODY_SECTION);
    expect(commands.filter((c) => /^UID SEARCH/.test(c))).toHaveLength(1);
    expect(commands.find((c) => /^UID SEARCH/.test(c))).toMatch(layout === 'dovecot' ? /^UID SEARCH RETURN \(ALL\) 1:\d+ TEXT telescope$/ : /^UID SEARCH 1:\d+ TEXT telescope$/);
    // The rows' FETCH names exactly the matches: the header fields of what is shown, no more.
    const fetches = commands.filter((c) => /^UID FETCH/.test(c));
    expect(fetches[0], fetches[0]).toMatch(ROW_FETCH);
    // About 1.5 KB a row at most, with the SEARCH answer and the greeting's share: nothing of the bodies.
    expect(bytesFromServer).toBeLessThan(2000 * page.messages.length + 2000);
  });

  it('goes through a big folder newest first, and "older" goes on below what was searched', async () => {
    // One small step a page: the corpus's INBOX is searched 5 messages at a time.
    const p = pool({ search: { commandMs: 5000, pageMs: 0, firstStep: 5 } });
    const a = await sessions.signedIn(p, sam);
    const terms = t({ from: 'example' });
    const all = expected((m) => has(person(m.from), 'example'));
    const seen: string[] = [];
    let below: number | undefined;
    for (let windows = 1; ; windows++) {
      const page = await searchMessages(p, a, 'INBOX', { ...terms, below }, 1);
      const cov = page.coverage!;
      seen.push(...page.messages.map((m) => m.subject));
      if (cov.complete) {
        expect(windows).toBe(Math.ceil(inFolder('INBOX').length / 5));
        break;
      }
      expect(cov.searched).toBe(5);
      // The oldest message searched: its UID and day, for "Search older messages" and "back to <day>".
      const oldest = inFolder('INBOX')[inFolder('INBOX').length - windows * 5];
      expect(cov.downDate!.slice(0, 10)).toBe(oldest.day);
      below = cov.down;
    }
    expect(seen).toEqual(all);
  });

  it('keeps a text search for its other pages while the folder is unchanged, and searches again when it changes', async () => {
    const p = pool({ search: { commandMs: 5000, pageMs: 0, firstStep: 5 } });
    const a = await sessions.signedIn(p, sam);
    const terms = t({ text: 'the', body: true });
    const first = await searchMessages(p, a, 'INBOX', terms, 1);
    const down = first.coverage!.down!;
    proxy.reset();
    // Page links carry the window's edge (`down`): the same results, no second pass over the text.
    await searchMessages(p, a, 'INBOX', { ...terms, down }, 1);
    expect(proxy.stats().commands.filter((c) => /SEARCH/.test(c))).toEqual([]);
    // Another client adds a message: the folder changed, so the server searches again.
    const other = await otherClient(port(), sam);
    const inbox = folderPathIn(layout, 'INBOX');
    try {
      const added = await other.append(inbox, `From: x@example.org\r\nSubject: the newest one\r\nDate: ${new Date().toUTCString()}\r\n\r\nthe text\r\n`);
      try {
        proxy.reset();
        const again = await searchMessages(p, a, 'INBOX', { ...terms, down }, 1);
        expect(proxy.stats().commands.filter((c) => /SEARCH/.test(c)).length).toBeGreaterThan(0);
        expect(again.messages[0].subject).toBe('the newest one');
      } finally {
        // The corpus is read by other tests: it is left as it was.
        await other.mailboxOpen(inbox);
        if (added && added.uid) await other.messageDelete(String(added.uid), { uid: true });
      }
    } finally {
      await other.logout();
    }
  });
});

describe.each(SERVERS)('a search of every folder on the $layout server', ({ layout, port }) => {
  const pool = (overrides: Parameters<typeof sessions.makePool>[1] = {}) => sessions.makePool(port(), overrides);

  it('groups the matches by folder, INBOX first, each with its newest few and its count', async () => {
    const p = pool();
    const a = await sessions.signedIn(p, sam);
    const found = await searchEverywhere(p, a, t({ text: 'telescope', body: true }));
    const inInbox = expected((m) => has(m.subject, 'telescope') || has(m.body, 'telescope'));
    const inResearch = expected((m) => has(m.subject, 'telescope') || has(m.body, 'telescope'), 'Research');
    expect(found.groups.map((g) => [g.folder, g.total])).toEqual([
      ['INBOX', inInbox.length],
      [folderPathIn(layout, 'Research'), inResearch.length],
    ]);
    expect(found.groups[0].messages.map((m) => m.subject)).toEqual(inInbox.slice(0, EVERYWHERE_GROUP_ROWS));
    expect(found.groups[1].name).toBe('Research');
    // Every selectable folder was searched (the special-use ones too), none left over.
    expect(found.searched).toBeGreaterThanOrEqual(7);
    expect(found.notSearched).toEqual([]);
  });

  it('stops at the time for one page, after the first folder, and names the folders it did not reach', async () => {
    const p = pool({ search: { commandMs: 5000, pageMs: 0 } });
    const found = await searchEverywhere(p, await sessions.signedIn(p, sam), t({ from: 'example' }));
    expect(found.searched).toBe(1);
    expect(found.groups.map((g) => g.folder)).toEqual(['INBOX']);
    expect(found.notSearched.map((f) => f.folder)).toContain(folderPathIn(layout, 'Research'));
  });
});
