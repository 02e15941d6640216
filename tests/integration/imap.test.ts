// lib/imap against the private Dovecot, through the byte-counting proxy.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { Account, ConnectionPool } from '@/lib/imap/pool';
import { MailError } from '@/lib/imap/errors';
import { DOWNLOAD_CHUNK_BYTES, downloadPart, listFolders, listMessages, openMessage, readSmallPart, searchMessages } from '@/lib/imap/mail';
import { planBody } from '@/lib/mime/plan';
import type { SearchTerms } from '@/lib/imap/types';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { rigPool } from '../../rig/pool';
import { BODY_SECTION, DEEP_NESTING_TEXT, FIXTURE_INBOX_COUNT, FIXTURE_PLAIN_COUNT, fixtureSubject, NON_ASCII_SENDER, ROW_FETCH, SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient as anotherClient } from '../helpers/imap-sessions';

const alice = TEST_USERS.alice;
let proxy: CountingProxy;
const sessions = imapSessions('sid');
const makePool = (overrides: Parameters<typeof rigPool>[1] = {}): ConnectionPool => sessions.makePool(proxy.port, overrides);
const account = (user = alice): Account => sessions.account(user);
const signedIn = (pool: ConnectionPool, user = alice): Promise<Account> => sessions.signedIn(pool, user);
/** The "other device" of the same user, straight to Dovecot. */
const otherClient = () => anotherClient(inject('imapPort'));

async function uidOfSubject(subject: string): Promise<number> {
  const c = await otherClient();
  try {
    const lock = await c.getMailboxLock('INBOX');
    try {
      const uids = await c.search({ subject }, { uid: true });
      if (!uids || uids.length === 0) throw new Error(`no message "${subject}"`);
      return uids[0];
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
}

beforeAll(async () => {
  proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('imapPort') });
});

afterEach(() => {
  proxy.blackhole(false);
});

afterAll(async () => {
  await proxy.close();
});

describe('sign-in', () => {
  it('accepts the right password and keeps the connection', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    expect(pool.hasConnection(a.sid)).toBe(true);
  });

  it('says "auth" for a wrong password', async () => {
    const pool = makePool();
    await expect(pool.signIn({ ...account(), password: 'wrong' })).rejects.toMatchObject({ code: 'auth' });
  });

  it('says "unreachable" when nothing listens', async () => {
    const pool = rigPool(1, { idleTimeoutMs: 1000, commandTimeoutMs: 2000 });
    await expect(pool.signIn(account())).rejects.toMatchObject({ code: 'unreachable' });
  });

  it('says "timeout" when the server never greets', async () => {
    proxy.blackhole(true);
    const pool = makePool({ commandTimeoutMs: 800 });
    const started = Date.now();
    await expect(pool.signIn(account())).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('folders', () => {
  it('lists the tree: Inbox first, special-use folders, nesting, non-ASCII names, unread counts', async () => {
    const pool = makePool();
    const sections = await listFolders(pool, await signedIn(pool));
    expect(sections.map((s) => s.kind)).toEqual(['personal']);
    const tree = sections[0].folders;
    expect(tree[0]).toMatchObject({ path: 'INBOX', displayName: 'Inbox', specialUse: 'inbox', selectable: true });
    const names = tree.map((n) => n.displayName);
    for (const special of ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive']) expect(names).toContain(special);
    expect(names.indexOf('Archive')).toBeLessThan(names.indexOf('Projects'));
    const projects = tree.find((n) => n.path === 'Projects')!;
    expect(projects.children.map((c) => c.displayName)).toContain('Feather');
    expect(names).toContain('Café');
    expect(tree[0].total).toBe(FIXTURE_INBOX_COUNT);
    expect(tree[0].unseen).toBeGreaterThan(0);
  });
});

describe('message list', () => {
  it('gives 50 newest first, pages by sequence number, and fetches no body section', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.reset();
    const page1 = await listMessages(pool, a, 'INBOX', 1);
    expect(page1.total).toBe(FIXTURE_INBOX_COUNT);
    expect(page1.pageCount).toBe(Math.ceil(FIXTURE_INBOX_COUNT / 50));
    expect(page1.messages).toHaveLength(50);
    expect(page1.messages[0].seq).toBe(FIXTURE_INBOX_COUNT);
    expect(page1.messages.map((m) => m.seq)).toEqual([...page1.messages.map((m) => m.seq)].sort((x, y) => y - x));
    const subjects = page1.messages.map((m) => m.subject);
    expect(subjects).toContain(SPECIAL.largeAttachment);
    expect(subjects).toContain(SPECIAL.nonAscii);
    expect(page1.messages.find((m) => m.subject === SPECIAL.largeAttachment)!.hasAttachment).toBe(true);

    const commands = proxy.stats().commands.join('\n');
    expect(proxy.stats().commands.filter((c) => ROW_FETCH.test(c)).map((c) => ROW_FETCH.exec(c)![2])).toEqual(['71:120']);
    expect(commands).not.toMatch(/ENVELOPE/);
    // The server's previews (Dovecot has PREVIEW) come in the rows' own FETCH: no body section either.
    expect(proxy.stats().commands.filter((c) => /PREVIEW/.test(c))).toEqual(['FETCH 71:120 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT CONTENT-TYPE CONTENT-DISPOSITION)] PREVIEW)']);
    expect(commands).not.toMatch(/BINARY|1:\*|SEARCH/);
    expect(commands).not.toMatch(BODY_SECTION);

    const last = await listMessages(pool, a, 'INBOX', 3);
    expect(last.messages).toHaveLength(FIXTURE_INBOX_COUNT - 100);
    expect(last.messages.at(-1)!.seq).toBe(1);
  });

  it('reuses the connection: a second page view sends no LOGIN and opens no connection', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.reset();
    await listMessages(pool, a, 'INBOX', 1);
    await listFolders(pool, a);
    await listMessages(pool, a, 'INBOX', 2);
    const s = proxy.stats();
    expect(s.commands.some((c) => /^(LOGIN|AUTHENTICATE)/.test(c))).toBe(false);
    expect(s.connections).toBe(0);
  });

  it('discovers a message that another client added to the selected folder', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const before = await listMessages(pool, a, 'Projects', 1);
    const mark = sessions.next();
    const other = await otherClient();
    try {
      await other.append('Projects', `From: bob@example.org\r\nTo: alice@example.org\r\nSubject: Arrived meanwhile ${mark}\r\n\r\nhello\r\n`);
      const after = await listMessages(pool, a, 'Projects', 1);
      expect(after.total).toBe(before.total + 1);
      expect(after.messages[0].subject).toBe(`Arrived meanwhile ${mark}`);
    } finally {
      await other.logout();
    }
  });

  it('serializes concurrent requests of one session correctly', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const [inbox, projects, p2] = await Promise.all([listMessages(pool, a, 'INBOX', 1), listMessages(pool, a, 'Projects', 1), listMessages(pool, a, 'INBOX', 2)]);
    expect(inbox.folder).toBe('INBOX');
    expect(inbox.messages[0].seq).toBe(FIXTURE_INBOX_COUNT);
    expect(projects.folder).toBe('Projects');
    expect(p2.messages[0].seq).toBe(FIXTURE_INBOX_COUNT - 50);
  });

  it('says "no-folder" for a folder that does not exist, or was deleted under us', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    await expect(listMessages(pool, a, 'No such folder', 1)).rejects.toMatchObject({ code: 'no-folder' });
    const other = await otherClient();
    const name = `Doomed ${sessions.next()}`;
    try {
      await other.mailboxCreate(name);
      await listMessages(pool, a, name, 1);
      await other.mailboxDelete(name);
    } finally {
      await other.logout();
    }
    await expect(listMessages(pool, a, name, 1)).rejects.toMatchObject({ code: 'no-folder' });
    // and the session goes on working
    expect((await listMessages(pool, a, 'INBOX', 1)).messages).toHaveLength(50);
  });
});

describe('search', () => {
  it('runs on the server (one UID SEARCH), then fetches only the page of matches, newest first, with no body section', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.reset();
    // Every tenth fixture is flagged (rig/seed-data.ts fixtureFlags): 010, 020 … 100.
    const found = await searchMessages(pool, a, 'INBOX', { text: 'Fixture message', body: false, flagged: true }, 1);
    expect(found.total).toBe(10);
    expect(found.messages.map((m) => m.subject)).toEqual(Array.from({ length: 10 }, (_, i) => fixtureSubject(100 - 10 * i)));
    const commands = proxy.stats().commands;
    expect(commands.filter((c) => /SEARCH/.test(c))).toHaveLength(1);
    // The whole folder (120 messages) in one step, the box's fields ORed, the flag ANDed.
    expect(commands.join('\n')).toMatch(/^UID SEARCH RETURN \(ALL\) 1:120 (OR )+SUBJECT "Fixture message" FROM .* TO .* CC "Fixture message" FLAGGED$/m);
    expect(commands.join('\n')).not.toMatch(/BINARY|FETCH 1:\*/);
    expect(commands.join('\n')).not.toMatch(BODY_SECTION);
    expect(proxy.stats().connections).toBe(0);
  });

  it('pages through many matches like a folder: 50 a page, newest first, the last page short', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const first = await searchMessages(pool, a, 'INBOX', { text: 'fixture MESSAGE', body: false }, 1);
    expect(first.total).toBe(FIXTURE_PLAIN_COUNT);
    expect(first.pageCount).toBe(Math.ceil(FIXTURE_PLAIN_COUNT / 50));
    expect(first.messages[0].subject).toBe(fixtureSubject(FIXTURE_PLAIN_COUNT));
    const last = await searchMessages(pool, a, 'INBOX', { text: 'fixture MESSAGE', body: false }, 99);
    expect(last.page).toBe(first.pageCount);
    expect(last.messages).toHaveLength(FIXTURE_PLAIN_COUNT - 50 * (first.pageCount - 1));
    expect(last.messages.at(-1)!.subject).toBe(fixtureSubject(1));
  });

  it('finds non-ASCII words in encoded subjects and sender names (CHARSET UTF-8)', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    expect((await searchMessages(pool, a, 'INBOX', { text: 'köln', body: false }, 1)).messages.map((m) => m.subject)).toEqual([SPECIAL.legacyCharset]);
    expect((await searchMessages(pool, a, 'INBOX', { text: 'Москвы', body: false }, 1)).messages.map((m) => m.subject)).toEqual([SPECIAL.legacyKoi8r]);
    const bySender = await searchMessages(pool, a, 'INBOX', { text: NON_ASCII_SENDER.name.split(' ')[1], body: false }, 1);
    expect(bySender.messages.map((m) => m.subject)).toContain(SPECIAL.nonAscii);
  });

  it('searches the message text only when asked, and lists a match whose structure imapflow cannot parse', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const words = DEEP_NESTING_TEXT.split(' ').slice(-3).join(' ').replace(/\.$/, '');
    expect((await searchMessages(pool, a, 'INBOX', { text: words, body: false }, 1)).total).toBe(0);
    const inText = await searchMessages(pool, a, 'INBOX', { text: words, body: true }, 1);
    expect(inText.messages.map((m) => m.subject)).toEqual([SPECIAL.deepNesting]);
    expect(inText.messages[0].hasAttachment).toBeNull();
  });

  it('gives an empty page for no match and treats the text as text (no IMAP injection)', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    for (const text of ['no-such-word-anywhere', 'x") ALL (', 'zz"zz', 'zz\\zz', '{5} ALL']) {
      const r = await searchMessages(pool, a, 'INBOX', { text, body: false }, 1);
      expect(r.total, text).toBe(0);
      expect(r.messages).toEqual([]);
    }
    // A line break cannot be sent in an IMAP string: imapflow refuses it before it reaches the server (the URL layer
    // already turns control characters into spaces), and the session goes on.
    proxy.reset();
    await expect(searchMessages(pool, a, 'INBOX', { text: 'x\r\nA1 LOGOUT', body: false }, 1)).rejects.toMatchObject({ code: 'server' });
    expect(proxy.stats().commands.some((c) => /LOGOUT/.test(c))).toBe(false);
    expect((await listMessages(pool, a, 'INBOX', 1)).messages).toHaveLength(50);
  });

  it('changes no flags: unread matches stay unread, in both scopes', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const flagsOfAll = async () => {
      const c = await otherClient();
      try {
        const lock = await c.getMailboxLock('INBOX');
        try {
          return (await c.fetchAll('1:*', { uid: true, flags: true })).map((m) => `${m.uid}:${[...(m.flags ?? [])].sort().join(' ')}`);
        } finally {
          lock.release();
        }
      } finally {
        await c.logout();
      }
    };
    const before = await flagsOfAll();
    proxy.reset();
    for (const body of [false, true]) {
      const r = await searchMessages(pool, a, 'INBOX', { text: 'Fixture message', body }, 1);
      expect(r.messages.some((m) => !m.seen)).toBe(true);
    }
    const commands = proxy.stats().commands.join('\n');
    expect(commands).not.toMatch(/STORE|BODY\[|EXPUNGE|COPY|MOVE/);
    expect(await flagsOfAll()).toEqual(before);
  });

  it('searches the folder it is asked to, and says "no-folder" for one that does not exist', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const projects = await listMessages(pool, a, 'Projects', 1);
    const inProjects = await searchMessages(pool, a, 'Projects', { text: 'alice', body: false }, 1);
    expect(inProjects.folder).toBe('Projects');
    expect(inProjects.total).toBe(projects.total);
    expect(inProjects.messages.map((m) => m.uid)).toEqual(projects.messages.map((m) => m.uid));
    await expect(searchMessages(pool, a, 'No such folder', { text: 'x', body: false }, 1)).rejects.toMatchObject({ code: 'no-folder' });
  });

  it('runs a search asked for again while it runs only once (Search pressed twice)', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.reset();
    const terms = { text: 'Fixture message', body: true };
    const [first, second] = await Promise.all([searchMessages(pool, a, 'INBOX', terms, 1), searchMessages(pool, a, 'INBOX', terms, 1)]);
    expect(second).toEqual(first);
    expect(proxy.stats().commands.filter((c) => /SEARCH/.test(c))).toHaveLength(1);
    // Once finished, a text search is kept for a while: the same search, or another page of it, is not run again…
    await searchMessages(pool, a, 'INBOX', terms, 1);
    await searchMessages(pool, a, 'INBOX', terms, 2);
    expect(proxy.stats().commands.filter((c) => /SEARCH/.test(c))).toHaveLength(1);
    // … but another session's is a search of its own, and so is one on flags alone (never kept: the index answers).
    await searchMessages(pool, await signedIn(pool), 'INBOX', terms, 1);
    await searchMessages(pool, a, 'INBOX', { text: '', body: false, flagged: true }, 1);
    await searchMessages(pool, a, 'INBOX', { text: '', body: false, flagged: true }, 1);
    expect(proxy.stats().commands.filter((c) => /SEARCH/.test(c))).toHaveLength(4);
  });

  it('discovers a message that another client added before searching again', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const word = `Zebrafish${sessions.next()}`;
    expect((await searchMessages(pool, a, 'Projects', { text: word, body: false }, 1)).total).toBe(0);
    const other = await otherClient();
    try {
      await other.append('Projects', `From: bob@example.org\r\nTo: alice@example.org\r\nSubject: About ${word}\r\n\r\nhello\r\n`);
    } finally {
      await other.logout();
    }
    expect((await searchMessages(pool, a, 'Projects', { text: word, body: false }, 1)).messages.map((m) => m.subject)).toEqual([`About ${word}`]);
  });
});

describe('reading a message', () => {
  it('pulls under 8 KB for a 3 KB text with a 20 MB attachment, and marks it \\Seen', async () => {
    const uid = await uidOfSubject(SPECIAL.largeAttachment);
    const pool = makePool();
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1); // folder already selected, as after the list page
    proxy.reset();
    const opened = await openMessage(pool, a, 'INBOX', uid, (d) => {
      const plan = planBody(d.structure!, { preferText: false });
      return [{ section: plan.body!.section, maxBytes: 65536 }];
    }, { markSeen: true });
    const s = proxy.stats();
    expect(s.bytesFromServer).toBeLessThan(8 * 1024);
    expect(s.commands.join('\n')).toMatch(/BODY\.PEEK\[1\]/);
    expect(opened.detail.subject).toBe(SPECIAL.largeAttachment);
    expect(opened.detail.flags).toContain('\\Seen');
    const plan = planBody(opened.detail.structure!, { preferText: false });
    expect(plan.attachments.map((x) => x.filename)).toContain('dataset.bin');
    expect(opened.sections.get(plan.body!.section)!.length).toBeGreaterThan(2000);

    const other = await otherClient();
    try {
      await other.mailboxOpen('INBOX');
      const msg = await other.fetchOne(String(uid), { flags: true }, { uid: true });
      expect(msg && msg.flags?.has('\\Seen')).toBe(true);
      await other.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
    } finally {
      await other.logout();
    }
  });

  it('fetches only the header section for "all headers"', async () => {
    const uid = await uidOfSubject(SPECIAL.largeAttachment);
    const pool = makePool();
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.reset();
    const headers = (await openMessage(pool, a, 'INBOX', uid, () => [{ section: 'HEADER', maxBytes: 262_144 }], { markSeen: false })).sections.get('HEADER')!;
    expect(headers.toString()).toMatch(/^Subject: /m);
    expect(proxy.stats().bytesFromServer).toBeLessThan(4096);
  });

  it('keeps a message whose structure cannot be parsed: listed, and opened as raw text', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const page = await listMessages(pool, a, 'INBOX', 1);
    expect(page.messages).toHaveLength(50);
    const odd = page.messages.find((m) => m.subject === SPECIAL.deepNesting);
    expect(odd).toBeDefined();
    expect(odd!.hasAttachment).toBeNull();
    const opened = await openMessage(pool, a, 'INBOX', odd!.uid, (d) => (d.structure ? [] : [{ section: 'TEXT', maxBytes: 65536 }]), { markSeen: false });
    expect(opened.detail.structure).toBeNull();
    expect(opened.sections.get('TEXT')!.toString()).toContain(DEEP_NESTING_TEXT);
  });

  it('knows its place in the list it was opened from: page, and the rows above and below, in the folder and in a search', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    const page1 = await listMessages(pool, a, 'INBOX', 1);
    const page2 = await listMessages(pool, a, 'INBOX', 2);
    const place = async (uid: number, search?: SearchTerms) => (await openMessage(pool, a, 'INBOX', uid, () => [], { markSeen: false, list: { search } })).place;
    const [first, second] = page1.messages;
    // The newest: nothing above it.
    expect(await place(first.uid)).toEqual({ page: 1, next: { uid: second.uid, page: 1 } });
    expect(await place(second.uid)).toEqual({ page: 1, previous: { uid: first.uid, page: 1 }, next: { uid: page1.messages[2].uid, page: 1 } });
    // Across the page boundary, both ways.
    expect(await place(page1.messages[49].uid)).toMatchObject({ page: 1, next: { uid: page2.messages[0].uid, page: 2 } });
    expect(await place(page2.messages[0].uid)).toMatchObject({ page: 2, previous: { uid: page1.messages[49].uid, page: 1 } });
    // The oldest: nothing below it.
    const last = await listMessages(pool, a, 'INBOX', page1.pageCount);
    expect((await place(last.messages.at(-1)!.uid))?.next).toBeUndefined();
    // A search: its results' order, not the folder's (the flagged fixtures 010, 020 … 100, newest first).
    const terms = { text: 'Fixture message', body: false, flagged: true };
    const results = (await searchMessages(pool, a, 'INBOX', terms, 1)).messages;
    expect(results.map((m) => m.subject)).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10].map(fixtureSubject));
    expect(await place(results[4].uid, terms)).toEqual({ page: 1, previous: { uid: results[3].uid, page: 1 }, next: { uid: results[5].uid, page: 1 } });
    expect(await place(results[9].uid, terms)).toEqual({ page: 1, previous: { uid: results[8].uid, page: 1 } });
    // A message the search does not find has no place in it.
    expect(await place(first.uid, terms)).toBeUndefined();
    // Opened without a list (a bookmark's own page asks for one too; the parts route does not), nothing is looked up.
    proxy.reset();
    expect((await openMessage(pool, a, 'INBOX', first.uid, () => [], { markSeen: false })).place).toBeUndefined();
    expect(proxy.stats().commands.some((c) => /SEARCH|\(UID\)$/.test(c))).toBe(false);
  });

  it('says "no-message" for a UID that does not exist', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    await expect(openMessage(pool, a, 'INBOX', 999_999, () => [], { markSeen: true })).rejects.toMatchObject({ code: 'no-message' });
  });

  it('streams an attachment part, decoded, over its own connection', async () => {
    const uid = await uidOfSubject(SPECIAL.largeAttachment);
    const pool = makePool();
    const a = await signedIn(pool);
    const opened = await openMessage(pool, a, 'INBOX', uid, () => [], { markSeen: false });
    const att = planBody(opened.detail.structure!, { preferText: false }).attachments.find((x) => x.filename === 'dataset.bin')!;
    const dl = await downloadPart(pool, a, 'INBOX', uid, att.section);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of dl.stream) {
      size += chunk.length;
      hash.update(chunk);
    }
    expect(size).toBe(20 * 1024 * 1024);
    expect(dl.info.filename).toBe('dataset.bin');
    // the session's own connection stayed free and alive meanwhile
    expect(pool.hasConnection(a.sid)).toBe(true);
  });
});

describe('parts and downloads', () => {
  async function uidAndPlan(subject: string, overrides: Parameters<typeof makePool>[0] = {}) {
    const uid = await uidOfSubject(subject);
    const pool = makePool(overrides);
    const a = await signedIn(pool);
    const opened = await openMessage(pool, a, 'INBOX', uid, () => [], { markSeen: false });
    return { uid, pool, a, plan: planBody(opened.detail.structure!, { preferText: false }) };
  }

  /** Polls `count` until it has not changed for `quietMs` (at most 15 s), and gives its value then. */
  async function settledCount(count: () => number, quietMs: number): Promise<number> {
    let last = count();
    let since = Date.now();
    const deadline = Date.now() + 15_000;
    while (Date.now() - since < quietMs && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const now = count();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
    }
    return last;
  }

  it('refuses a link made under another UIDVALIDITY: message, headers, inline part and download say "no-message"', async () => {
    const { uid, pool, a, plan } = await uidAndPlan(SPECIAL.newsletter);
    const { uidValidity } = await listMessages(pool, a, 'INBOX', 1);
    const stale = String(Number(uidValidity) + 1);
    const image = plan.attachments.find((x) => x.inline && x.type === 'image/png')!.section;
    // The right UIDVALIDITY opens as before.
    expect((await openMessage(pool, a, 'INBOX', uid, () => [], { markSeen: false, uidValidity })).detail.uid).toBe(uid);
    expect((await openMessage(pool, a, 'INBOX', uid, () => [{ section: 'HEADER', maxBytes: 262_144 }], { markSeen: false, uidValidity })).sections.get('HEADER')!.length).toBeGreaterThan(0);
    expect(await readSmallPart(pool, a, 'INBOX', uid, image, 1_000_000, uidValidity)).not.toBeNull();
    // A stale one never reaches the message the UID names now, and does not mark it read.
    await expect(openMessage(pool, a, 'INBOX', uid, () => [{ section: '1', maxBytes: 100 }], { markSeen: true, uidValidity: stale })).rejects.toMatchObject({ code: 'no-message' });
    await expect(openMessage(pool, a, 'INBOX', uid, () => [{ section: 'HEADER', maxBytes: 262_144 }], { markSeen: false, uidValidity: stale })).rejects.toMatchObject({ code: 'no-message' });
    await expect(readSmallPart(pool, a, 'INBOX', uid, image, 1_000_000, stale)).rejects.toMatchObject({ code: 'no-message' });
    await expect(downloadPart(pool, a, 'INBOX', uid, image, stale)).rejects.toMatchObject({ code: 'no-message' });
    const row = (await listMessages(pool, a, 'INBOX', 1)).messages.find((m) => m.uid === uid)!;
    expect(row.seen).toBe(false);
  });

  it('serves an inline image over the session connection: no new connection, no LOGIN', async () => {
    const { uid, pool, a, plan } = await uidAndPlan(SPECIAL.newsletter);
    const logo = plan.attachments.find((x) => x.inline && x.type === 'image/png')!;
    proxy.reset();
    const got = await readSmallPart(pool, a, 'INBOX', uid, logo.section, 2 * 1024 * 1024);
    expect(got!.info.type).toBe('image/png');
    expect(got!.bytes.subarray(1, 4).toString()).toBe('PNG');
    const s = proxy.stats();
    expect(s.connections).toBe(0);
    expect(s.commands.some((c) => /^(LOGIN|AUTHENTICATE)/.test(c))).toBe(false);
  });

  it('refuses a part that does not exist', async () => {
    const { uid, pool, a } = await uidAndPlan(SPECIAL.largeAttachment);
    await expect(downloadPart(pool, a, 'INBOX', uid, '9')).rejects.toMatchObject({ code: 'no-part' });
    await expect(readSmallPart(pool, a, 'INBOX', uid, '1.1.1', 1000)).rejects.toMatchObject({ code: 'no-part' });
  });

  it('serves a slow reader in full: IMAP is asked for the next chunk only when the last one is taken', async () => {
    const { uid, pool, a, plan } = await uidAndPlan(SPECIAL.largeAttachment, { commandTimeoutMs: 800 });
    const att = plan.attachments.find((x) => x.filename === 'dataset.bin')!;
    const chunkFetch = new RegExp(`BODY\\.PEEK\\[${att.section.replace(/\./g, '\\.')}\\]<\\d+\\.${DOWNLOAD_CHUNK_BYTES}>`);
    const chunksAsked = () => proxy.stats().commands.filter((c) => chunkFetch.test(c)).length;
    const allChunks = Math.ceil(att.size / DOWNLOAD_CHUNK_BYTES);
    proxy.reset();
    const dl = await downloadPart(pool, a, 'INBOX', uid, att.section);
    const reader = dl.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    const first = await reader.next();
    expect(first.done).toBe(false);
    let size = first.value.length;
    // The reader takes one chunk and stops, for longer than the command time limit (a slow link, not a stuck
    // server). IMAP is asked only for what the stream buffers hold: a handful of chunks, not all ~110.
    const held = await settledCount(chunksAsked, 1500);
    console.log(`download: ${held} of ${allChunks} chunks asked for while the reader took one`);
    expect(held).toBeGreaterThanOrEqual(1);
    expect(held, `${held} of ${allChunks} chunks asked for while the reader took one`).toBeLessThanOrEqual(6);
    // Reading on (pausing again between the next chunks), the whole part arrives.
    for (let n = 0; ; n++) {
      const next = await reader.next();
      if (next.done) break;
      size += next.value.length;
      if (n < 3) await new Promise((r) => setTimeout(r, 1200));
    }
    expect(size).toBe(20 * 1024 * 1024);
    expect(chunksAsked()).toBeGreaterThanOrEqual(Math.floor((att.size - 1) / DOWNLOAD_CHUNK_BYTES));
  });

  it('fails the stream, rather than hanging, when the server stops answering mid-download', async () => {
    const { uid, pool, a, plan } = await uidAndPlan(SPECIAL.largeAttachment, { commandTimeoutMs: 800 });
    const att = plan.attachments.find((x) => x.filename === 'dataset.bin')!;
    const dl = await downloadPart(pool, a, 'INBOX', uid, att.section);
    const started = Date.now();
    let first = true;
    const result = await (async () => {
      try {
        for await (const chunk of dl.stream) {
          void chunk;
          if (first) {
            first = false;
            proxy.blackhole(true);
          }
        }
        return 'ended';
      } catch (err) {
        return (err as MailError).code ?? String(err);
      }
    })();
    proxy.blackhole(false);
    expect(result).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('keeps downloads within the per-user limit and never closes the session connection for one', async () => {
    const { uid, a, plan } = await uidAndPlan(SPECIAL.largeAttachment);
    const pool = makePool({ maxConnectionsPerUser: 3 });
    await pool.signIn(a);
    const att = plan.attachments.find((x) => x.filename === 'dataset.bin')!;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => downloadPart(pool, a, 'INBOX', uid, att.section)));
    const ok = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<Awaited<ReturnType<typeof downloadPart>>>[];
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(2);
    expect(refused.map((r) => (r.reason as MailError).code)).toEqual(['busy', 'busy', 'busy']);
    expect(pool.hasConnection(a.sid)).toBe(true);
    ok.forEach((r) => r.value.stream.destroy());
  });
});

describe('connection faults', () => {
  it('reopens a dropped connection transparently on the next request', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.dropAll();
    await new Promise((r) => setTimeout(r, 100));
    proxy.reset();
    const page = await listMessages(pool, a, 'INBOX', 1);
    expect(page.messages).toHaveLength(50);
    expect(proxy.stats().commands.some((c) => /^(LOGIN|AUTHENTICATE)/.test(c))).toBe(true);
  });

  it('times out a request the server never answers, then recovers', async () => {
    const pool = makePool({ commandTimeoutMs: 1000 });
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.blackhole(true);
    const started = Date.now();
    const err = await listMessages(pool, a, 'INBOX', 2).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MailError);
    expect((err as MailError).code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    proxy.blackhole(false);
    expect((await listMessages(pool, a, 'INBOX', 1)).messages).toHaveLength(50);
  });

  it('closes idle connections after the idle timeout', async () => {
    const pool = makePool({ idleTimeoutMs: 300 });
    const a = await signedIn(pool);
    expect(pool.hasConnection(a.sid)).toBe(true);
    await new Promise((r) => setTimeout(r, 900));
    expect(pool.hasConnection(a.sid)).toBe(false);
    expect((await listMessages(pool, a, 'INBOX', 1)).messages).toHaveLength(50);
  });

  it('bounds connections per user, closing the least recently used idle one', async () => {
    const pool = makePool({ maxConnectionsPerUser: 2 });
    const first = await signedIn(pool);
    const second = await signedIn(pool);
    const third = await signedIn(pool);
    expect(pool.hasConnection(first.sid)).toBe(false);
    expect(pool.hasConnection(second.sid)).toBe(true);
    expect(pool.hasConnection(third.sid)).toBe(true);
    expect(pool.size).toBe(2);
  });

  it('bounds connections in total', async () => {
    const pool = makePool({ maxConnections: 2 });
    await signedIn(pool);
    await signedIn(pool);
    await signedIn(pool, TEST_USERS.bob);
    expect(pool.size).toBe(2);
  });

  it('sign-out logs out and closes the connection', async () => {
    const pool = makePool();
    const openOfAlice = () => proxy.stats().connectionLog.filter((c) => c.open && c.user === alice.user).map((c) => c.id);
    const opened = async () => {
      const before = openOfAlice();
      const account = await signedIn(pool);
      return { account, ids: openOfAlice().filter((id) => !before.includes(id)) };
    };
    const other = await opened();
    // The session's own connection: the one its sign-in opened.
    const { account: a, ids: mine } = await opened();
    expect(other.ids).toHaveLength(1);
    expect(mine).toHaveLength(1);
    const open = proxy.stats().activeConnections;
    proxy.reset();
    await pool.signOut(a.sid);
    expect(pool.hasConnection(a.sid)).toBe(false);
    expect(proxy.stats().commands).toContain('LOGOUT');
    await expect.poll(() => proxy.stats().connectionLog.find((c) => c.id === mine[0])?.open ?? false).toBe(false);
    await expect.poll(() => proxy.stats().activeConnections).toBe(open - 1);
    // Only that one: the other session of the same user keeps its connection.
    expect(pool.hasConnection(other.account.sid)).toBe(true);
    expect(openOfAlice()).toContain(other.ids[0]);
  });

  it('a timed-out request is reported as a timeout, never as a missing folder, also for the request queued behind it', async () => {
    const pool = makePool({ commandTimeoutMs: 700 });
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.blackhole(true);
    const results = await Promise.allSettled([listFolders(pool, a), listMessages(pool, a, 'Projects', 1), listMessages(pool, a, 'INBOX', 2)]);
    proxy.blackhole(false);
    // The first times out; the two queued behind it lose their connection with it, and are timeouts too.
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as MailError).code : 'fulfilled'))).toEqual(['timeout', 'timeout', 'timeout']);
    expect((await listMessages(pool, a, 'Projects', 1)).folder).toBe('Projects');
  });
});
