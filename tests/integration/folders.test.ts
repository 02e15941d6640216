// Managing folders (lib/imap/folders.ts) against both rig servers: Dovecot's own layout ("/" delimiter, no prefix)
// and the courier-like one (personal namespace "INBOX.", "." delimiter). And the quota (RFC 9208) on the plain one,
// which has it: usage, and what a full mailbox refuses. carol's folders are made per test; quinn has 64 KB.
import { describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { accountQuota, createFolder, deleteFolder, folderContents, folderNameProblem, renameFolder, setSubscribed } from '@/lib/imap/folders';
import { storeMessage } from '@/lib/imap/drafts';
import { copyMessages, moveMessages } from '@/lib/imap/manage';
import { listFolders } from '@/lib/imap/mail';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('folders');

const SERVERS = [
  { layout: 'dovecot' as DovecotLayout, port: () => inject('imapPort'), delimiter: '/' },
  { layout: 'courier-like' as DovecotLayout, port: () => inject('courierImapPort'), delimiter: '.' },
];

/** STATUS of a folder, which must exist. */
async function statusOf(other: ImapFlow, folder: string): Promise<{ messages: number; uidValidity: string }> {
  const st = await other.status(folder, { messages: true, uidValidity: true });
  if (!st) throw new Error(`STATUS ${folder} failed`);
  return { messages: st.messages ?? 0, uidValidity: String(st.uidValidity) };
}

async function listed(other: ImapFlow): Promise<Map<string, boolean>> {
  return new Map((await other.list()).map((e) => [e.path, e.subscribed === true]));
}

describe('folder names', () => {
  it('refuse the delimiter, wildcards, control characters, blank and INBOX; take any other Unicode', () => {
    expect(folderNameProblem('Reports/2026', '/')).toBe('folder-name-delimiter');
    expect(folderNameProblem('v1.2', '.')).toBe('folder-name-delimiter');
    expect(folderNameProblem('v1.2', '/')).toBeNull();
    for (const bad of ['', '   ', ' padded', 'star*', 'per%cent', 'tab\there', 'x'.repeat(101)]) expect(folderNameProblem(bad, '/'), bad).toBe('bad-folder-name');
    expect(folderNameProblem('inbox', '/')).toBe('folder-exists');
    for (const good of ['Проекты', '会议记录', 'Café ☕', 'Émigré 🐦', 'a-b_c (2026)', 'x'.repeat(100)]) expect(folderNameProblem(good, '/'), good).toBeNull();
  });
});

describe.each(SERVERS)('managing folders on the $layout server', ({ layout, port, delimiter }) => {
  const path = (name: string) => folderPathIn(layout, name);
  const unique = (base: string) => `${base} ${sessions.next()}-${Date.now() % 100000}`;

  it('creates at the top and inside a parent, with Unicode names, subscribed; refuses the delimiter and a taken name', async () => {
    const pool = sessions.makePool(port());
    const a = await sessions.signedIn(pool, carol);
    const other = await otherClient(port(), carol);
    const top = unique('Проекты ✓');
    const made = await createFolder(pool, a, top);
    expect(made).toBe(path(top));
    const child = await createFolder(pool, a, '会议 2026', made);
    expect(child).toBe(`${made}${delimiter}会议 2026`);
    const now = await listed(other);
    expect(now.get(made)).toBe(true);
    expect(now.get(child)).toBe(true);
    // The tree nests it under its parent, names decoded.
    const sections = await listFolders(pool, a);
    const node = sections[0].folders.find((f) => f.path === made);
    expect(node?.displayName).toBe(top);
    expect(node?.children.map((c) => c.displayName)).toEqual(['会议 2026']);
    await expect(createFolder(pool, a, `a${delimiter}b`)).rejects.toMatchObject({ code: 'folder-name-delimiter' });
    await expect(createFolder(pool, a, top)).rejects.toMatchObject({ code: 'folder-exists' });
    await expect(createFolder(pool, a, 'x', path('No such parent'))).rejects.toMatchObject({ code: 'no-folder' });
    expect([...(await listed(other)).keys()].filter((p) => p.includes(`a${delimiter}b`) || p === path('a'))).toEqual([]);
    await other.logout();
  });

  it('renames a folder: its children and their messages follow, and so do their subscriptions', async () => {
    const pool = sessions.makePool(port());
    const a = await sessions.signedIn(pool, carol);
    const other = await otherClient(port(), carol);
    const parent = path(unique('Old name'));
    await other.mailboxCreate(parent);
    await other.mailboxCreate(`${parent}${delimiter}Kid`);
    await other.append(`${parent}${delimiter}Kid`, 'From: a@example.org\r\nSubject: kid mail\r\n\r\nhello\r\n');
    const renamed = await renameFolder(pool, a, parent, 'New name ✓');
    expect(renamed).toBe(path('New name ✓'));
    const now = await listed(other);
    expect(now.has(parent)).toBe(false);
    expect(now.get(renamed)).toBe(true);
    expect(now.get(`${renamed}${delimiter}Kid`)).toBe(true);
    expect((await statusOf(other, `${renamed}${delimiter}Kid`)).messages).toBe(1);
    await expect(renameFolder(pool, a, renamed, `x${delimiter}y`)).rejects.toMatchObject({ code: 'folder-name-delimiter' });
    // Inbox and the special-use folders keep their names.
    await expect(renameFolder(pool, a, 'INBOX', 'Elsewhere')).rejects.toMatchObject({ code: 'folder-kept' });
    if (layout === 'dovecot') await expect(renameFolder(pool, a, 'Trash', 'Bin')).rejects.toMatchObject({ code: 'folder-kept' });
    await other.mailboxDelete(`${renamed}${delimiter}Kid`);
    await other.mailboxDelete(renamed);
    await other.logout();
  });

  it('deletes a folder with the folders inside it, only if it holds what the confirmation saw', async () => {
    const pool = sessions.makePool(port());
    const a = await sessions.signedIn(pool, carol);
    const other = await otherClient(port(), carol);
    const doomed = path(unique('Doomed'));
    const kid = `${doomed}${delimiter}Inner`;
    await other.mailboxCreate(doomed);
    await other.mailboxCreate(kid);
    await other.append(doomed, 'From: a@example.org\r\nSubject: one\r\n\r\n1\r\n');
    await other.append(kid, 'From: a@example.org\r\nSubject: two\r\n\r\n2\r\n');
    const seen = await folderContents(pool, a, doomed);
    expect(seen.messages).toBe(2);
    expect(seen.folders.map((f) => [f.path, f.messages]).sort()).toEqual([
      [doomed, 1],
      [kid, 1],
    ]);
    // Another device files a message in it after the confirmation was shown: nothing is deleted.
    await other.append(kid, 'From: a@example.org\r\nSubject: late\r\n\r\n3\r\n');
    await expect(deleteFolder(pool, a, doomed, seen.fingerprint)).rejects.toMatchObject({ code: 'folder-changed' });
    expect((await listed(other)).has(kid)).toBe(true);
    const again = await folderContents(pool, a, doomed);
    expect(await deleteFolder(pool, a, doomed, again.fingerprint)).toBe(3);
    const now = await listed(other);
    expect(now.has(doomed) || now.has(kid)).toBe(false);
    await expect(deleteFolder(pool, a, 'INBOX', again.fingerprint)).rejects.toMatchObject({ code: 'folder-kept' });
    await other.logout();
  });

  it('subscribes and unsubscribes; the tree says which', async () => {
    const pool = sessions.makePool(port());
    const a = await sessions.signedIn(pool, carol);
    const other = await otherClient(port(), carol);
    const folder = path(unique('Quiet'));
    await other.mailboxCreate(folder);
    await setSubscribed(pool, a, folder, false);
    expect((await listed(other)).get(folder)).toBe(false);
    const node = (await listFolders(pool, a))[0].folders.find((f) => f.path === folder);
    expect(node?.subscribed).toBe(false);
    await setSubscribed(pool, a, folder, true);
    expect((await listed(other)).get(folder)).toBe(true);
    await other.mailboxDelete(folder);
    await other.logout();
  });
});

describe('the quota (RFC 9208), on the server that has it', () => {
  const quinn = TEST_USERS.quinn;
  const message = (n: number) => Buffer.from(`From: a@example.org\r\nTo: quinn@example.org\r\nSubject: filler ${n}\r\n\r\n${'x'.repeat(25_000)}\r\n`);

  it('is read (GETQUOTAROOT); a copy or an upload it refuses is told as a full mailbox, and changes nothing', async () => {
    const pool = sessions.makePool(inject('imapPort'));
    const a = await sessions.signedIn(pool, quinn);
    const other = await otherClient(inject('imapPort'), quinn);
    const folder = `Full ${Date.now() % 100000}`;
    await other.mailboxCreate(folder);
    const before = await accountQuota(pool, a);
    expect(before?.limit).toBe(64 * 1024);
    await storeMessage(pool, a, folder, message(1), ['\\Seen']);
    await storeMessage(pool, a, folder, message(2), ['\\Seen']);
    const after = await accountQuota(pool, a);
    expect(after!.used - before!.used).toBeGreaterThan(40_000);
    // A third would pass 64 KB.
    await expect(storeMessage(pool, a, folder, message(3), ['\\Seen'])).rejects.toMatchObject({ code: 'over-quota' });
    const st = await statusOf(other, folder);
    expect(st.messages).toBe(2);
    const lock = await other.getMailboxLock(folder);
    const uids = (await other.search({ all: true }, { uid: true })) || [];
    lock.release();
    const sel = { folder, uidValidity: st.uidValidity, uids };
    await expect(copyMessages(pool, a, sel, 'Archive')).rejects.toMatchObject({ code: 'over-quota' });
    expect((await statusOf(other, 'Archive')).messages).toBe(0);
    // A move (MOVE) takes no room, so the quota lets it through; the mailbox is as full as before.
    const moved = await moveMessages(pool, a, sel, 'Archive');
    expect(moved.done).toBe(2);
    expect((await statusOf(other, 'Archive')).messages).toBe(2);
    await other.logout();
  });
});
