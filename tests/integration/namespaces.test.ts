// lib/imap against the courier-like Dovecot (personal prefix "INBOX.", "." delimiter, other users' and public
// namespaces, no LIST-STATUS, SPECIAL-USE or ESEARCH), through the byte-counting proxy: what issue 8 found on
// Courier and Cyrus.
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectionPool } from '@/lib/imap/pool';
import { STATUS_BUDGET_MS, STATUS_PER_VIEW } from '@/lib/imap/folder-counts';
import { listFolders, listMessages, openMessage, searchMessages } from '@/lib/imap/mail';
import type { FolderSection, MailboxNode } from '@/lib/imap/types';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { SHARED_SUBJECT } from '../../rig/seed';
import { FIXTURE_FOLDERS, FIXTURE_INBOX_COUNT, SPECIAL } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

let proxy: CountingProxy;
const sessions = imapSessions('ns');
const makePool = () => sessions.makePool(proxy.port);
const signedIn = (pool: ConnectionPool) => sessions.signedIn(pool);

function all(nodes: MailboxNode[]): MailboxNode[] {
  return nodes.flatMap((node) => [node, ...all(node.children)]);
}

function section(sections: FolderSection[], kind: FolderSection['kind']): FolderSection {
  const s = sections.find((x) => x.kind === kind);
  if (!s) throw new Error(`no ${kind} section in ${JSON.stringify(sections.map((x) => x.kind))}`);
  return s;
}

const statusCommands = () => proxy.stats().commands.filter((c) => /^STATUS /.test(c));

beforeAll(async () => {
  proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('courierImapPort') });
});

afterEach(() => {
  proxy.delay(null);
});

afterAll(async () => {
  await proxy.close();
});

describe('the folder tree on a server with the personal prefix "INBOX."', () => {
  it('puts Inbox, Sent, Trash and the rest at the top level, without the prefix; other namespaces are sections of their own', async () => {
    const pool = makePool();
    const sections = await listFolders(pool, await signedIn(pool));
    expect(sections.map((s) => s.kind)).toEqual(['personal', 'other', 'shared']);

    const own = section(sections, 'personal').folders;
    expect(own.map((f) => f.displayName)).toEqual(['Inbox', 'Drafts', 'Sent', 'Trash', 'Junk', 'Archive', 'Café', 'Empty', 'Projects']);
    expect(own[0]).toMatchObject({ path: 'INBOX', specialUse: 'inbox', children: [] });
    // Special use found by name (no SPECIAL-USE here), on the server's own paths.
    expect(own.find((f) => f.displayName === 'Sent')).toMatchObject({ path: 'INBOX.Sent', specialUse: 'sent', selectable: true });
    expect(own.find((f) => f.displayName === 'Projects')!.children.map((c) => [c.displayName, c.path])).toEqual([['Feather', 'INBOX.Projects.Feather']]);

    const other = section(sections, 'other');
    expect(other.prefix).toBe('user.');
    expect(other.folders).toMatchObject([{ displayName: 'bob', selectable: false, children: [{ displayName: 'Team', path: 'user.bob.Team', selectable: true }] }]);
    const shared = section(sections, 'shared');
    expect(shared.prefix).toBe('Public.');
    expect(shared.folders).toMatchObject([{ displayName: 'announcements', path: 'Public.announcements', selectable: true, children: [] }]);
    // No folder of another namespace is taken for a special one of the user's own.
    expect(all([...other.folders, ...shared.folders]).every((f) => f.specialUse === undefined)).toBe(true);
  });

  it('opens every folder by its server path, in every namespace, with nothing put in front of it', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.reset();
    const team = await listMessages(pool, a, 'user.bob.Team', 1);
    expect(team.messages.map((m) => m.subject)).toEqual([`${SHARED_SUBJECT.Team} 2`, `${SHARED_SUBJECT.Team} 1`]);
    const news = await listMessages(pool, a, 'Public.announcements', 1);
    expect(news.total).toBe(3);
    const feather = await listMessages(pool, a, 'INBOX.Projects.Feather', 1);
    expect(feather.total).toBe(FIXTURE_FOLDERS['Projects/Feather']);
    expect((await listMessages(pool, a, 'INBOX', 1)).total).toBe(FIXTURE_INBOX_COUNT);
    const selects = proxy.stats().commands.filter((c) => /^(SELECT|EXAMINE) /.test(c));
    expect(selects.map((c) => c.split(' ')[1].replace(/"/g, ''))).toEqual(['user.bob.Team', 'Public.announcements', 'INBOX.Projects.Feather', 'INBOX']);

    const opened = await openMessage(pool, a, 'user.bob.Team', team.messages[0].uid, () => [{ section: '1', maxBytes: 4096 }], { markSeen: true });
    expect(opened.detail).toMatchObject({ subject: `${SHARED_SUBJECT.Team} 2`, folderName: 'bob / Team' });
    expect(opened.sections.get('1')!.toString()).toContain('Team note number 2');
    const inbox = await listMessages(pool, a, 'INBOX', 1);
    const large = inbox.messages.find((m) => m.subject === SPECIAL.largeAttachment)!;
    const read = await openMessage(pool, a, 'INBOX', large.uid, () => [], { markSeen: false });
    expect(read.detail.folderName).toBe('Inbox');
    await expect(listMessages(pool, a, 'announcements', 1)).rejects.toMatchObject({ code: 'no-folder' });
  });

  it('searches without ESEARCH: a plain UID SEARCH, in a shared folder too', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.reset();
    const found = await searchMessages(pool, a, 'Public.announcements', { text: 'Announcement', body: false }, 1);
    expect(found.total).toBe(3);
    const commands = proxy.stats().commands.filter((c) => /SEARCH/.test(c));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^UID SEARCH /);
    expect(commands[0]).not.toMatch(/RETURN/);
  });
});

describe('unread counts without LIST-STATUS', () => {
  it('cost a bounded number of STATUS per view: the shown folder always, the rest kept for the session', async () => {
    // More folders than one view asks about, made by another client as a user with many folders has them.
    const other = await otherClient(inject('courierImapPort'));
    try {
      for (let i = 1; i <= STATUS_PER_VIEW; i++) await other.mailboxCreate(`INBOX.Many ${String(i).padStart(2, '0')}`);
    } finally {
      await other.logout();
    }
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.reset();
    const first = await listFolders(pool, a, { shown: 'INBOX' });
    const openable = all(first.flatMap((s) => s.folders)).filter((f) => f.selectable);
    expect(openable.length).toBeGreaterThan(STATUS_PER_VIEW);
    expect(statusCommands()).toHaveLength(STATUS_PER_VIEW);
    expect(statusCommands()[0]).toMatch(/^STATUS INBOX /);
    expect(proxy.stats().commands.some((c) => /RETURN \(.*STATUS/.test(c))).toBe(false);
    const inbox = section(first, 'personal').folders[0];
    expect(inbox).toMatchObject({ total: FIXTURE_INBOX_COUNT });
    expect(inbox.unseen).toBeGreaterThan(0);

    // The second view asks for the shown folder and the ones not asked yet; then every count is known.
    proxy.reset();
    const second = await listFolders(pool, a, { shown: 'INBOX' });
    expect(statusCommands()).toHaveLength(1 + openable.length - STATUS_PER_VIEW);
    expect(all(second.flatMap((s) => s.folders)).filter((f) => f.selectable && f.unseen === undefined)).toEqual([]);
    expect(all(second.flatMap((s) => s.folders)).find((f) => f.path === 'Public.announcements')).toMatchObject({ unseen: 3, total: 3 });

    // Twenty more views of the Inbox: one STATUS each (the Inbox), not one per folder.
    proxy.reset();
    for (let i = 0; i < 20; i++) await listFolders(pool, a, { shown: 'INBOX' });
    expect(statusCommands()).toHaveLength(20);
    expect(new Set(statusCommands().map((c) => c.split(' ')[1]))).toEqual(new Set(['INBOX']));

    // Another shown folder is asked afresh on its own view.
    proxy.reset();
    await listFolders(pool, a, { shown: 'INBOX.Projects' });
    expect(statusCommands().map((c) => c.split(' ')[1])).toEqual(['INBOX.Projects']);
  });

  it('leave a count blank when STATUS is slow, and the page still comes; the count comes on a later view', async () => {
    const pool = makePool();
    const a = await signedIn(pool);
    proxy.delay(/^STATUS "?INBOX\.Projects"? /, STATUS_BUDGET_MS + 1500);
    const [tree, page] = await Promise.all([listFolders(pool, a, { shown: 'INBOX.Projects' }), listMessages(pool, a, 'INBOX.Projects', 1)]);
    expect(page.total).toBe(FIXTURE_FOLDERS.Projects);
    const own = section(tree, 'personal').folders;
    const projects = own.find((f) => f.path === 'INBOX.Projects')!;
    expect(projects.selectable).toBe(true);
    expect(projects.unseen).toBeUndefined();
    expect(projects.total).toBeUndefined();
    proxy.delay(null);

    // The late answer is still taken; the session goes on and later views have the count.
    let later = projects;
    for (let i = 0; i < 5 && later.total === undefined; i++) {
      const t = await listFolders(pool, a, { shown: 'INBOX.Projects' });
      later = section(t, 'personal').folders.find((f) => f.path === 'INBOX.Projects')!;
    }
    expect(later.total).toBe(FIXTURE_FOLDERS.Projects);
    expect((await listMessages(pool, a, 'INBOX', 1)).total).toBe(FIXTURE_INBOX_COUNT);
  });
});
