// Changing mail on the server (lib/imap/manage.ts) against both rig servers: the plain Dovecot (MOVE, UIDPLUS) and
// the courier-like one (no MOVE: COPY, STORE \Deleted, UID EXPUNGE). Each test makes its own folder of carol's, so
// tests neither see nor disturb each other's messages; a second client stands for another device at the same time.
import { describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { copyMessages, expungeMessages, folderChoices, moveMessages, setFlag, setLabel, type Selection } from '@/lib/imap/manage';
import { listMessages, searchMessages } from '@/lib/imap/mail';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { startCountingProxy } from '../../rig/imap-proxy';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('manage');

const SERVERS = [
  { layout: 'dovecot' as DovecotLayout, port: () => inject('imapPort'), move: true },
  { layout: 'courier-like' as DovecotLayout, port: () => inject('courierImapPort'), move: false },
];

describe.each(SERVERS)('managing mail on the $layout server', ({ layout, port, move }) => {
  const path = (name: string) => folderPathIn(layout, name);

  /** A new folder of carol's with `count` messages ("<name> 1" … oldest first), and its UIDs and UIDVALIDITY. */
  const messageText = (folder: string, i: number) => `From: a@example.org\r\nTo: carol@example.org\r\nSubject: ${folder} ${i}\r\n\r\nmessage ${i}\r\n`;

  async function folderWith(count: number): Promise<{ folder: string; uids: number[]; uidValidity: string; other: ImapFlow }> {
    const other = await otherClient(port(), carol);
    const folder = path(`Test${sessions.next()}-${Date.now() % 100000}`);
    await other.mailboxCreate(folder);
    for (let i = 1; i <= count; i++) await other.append(folder, messageText(folder, i));
    const status = await other.status(folder, { uidValidity: true });
    if (!status) throw new Error(`STATUS ${folder} failed`);
    const lock = await other.getMailboxLock(folder);
    let uids: number[];
    try {
      uids = (await other.search({ all: true }, { uid: true })) || [];
    } finally {
      lock.release();
    }
    return { folder, uids, uidValidity: String(status.uidValidity), other };
  }

  async function flagsOf(other: ImapFlow, folder: string): Promise<Map<number, Set<string>>> {
    const lock = await other.getMailboxLock(folder);
    try {
      await other.noop();
      // FETCH 1:* of an empty folder is an error ("Invalid messageset").
      if (!other.mailbox || other.mailbox.exists === 0) return new Map();
      const rows = (await other.fetchAll('1:*', { uid: true, flags: true })).filter((r) => r.uid && r.flags);
      // \Recent is the server's, per session: not a flag anyone set.
      return new Map(rows.map((r) => [r.uid, new Set([...r.flags!].filter((f) => f !== '\\Recent'))]));
    } finally {
      lock.release();
    }
  }

  async function subjectsIn(other: ImapFlow, folder: string): Promise<string[]> {
    const lock = await other.getMailboxLock(folder);
    try {
      await other.noop();
      if (!other.mailbox || other.mailbox.exists === 0) return [];
      // Only answers with an envelope: imapflow also collects unasked FETCH responses (flag changes meanwhile).
      const rows = (await other.fetchAll('1:*', { envelope: true })).filter((r) => r.envelope);
      return rows.map((r) => r.envelope!.subject ?? '').sort();
    } finally {
      lock.release();
    }
  }

  async function counted(): Promise<{ pool: ReturnType<typeof sessions.makePool>; account: Awaited<ReturnType<typeof sessions.signedIn>>; commands: () => Promise<string[]>; close: () => Promise<void> }> {
    const proxy = await startCountingProxy({ host: '127.0.0.1', port: port() });
    const pool = sessions.makePool(proxy.port);
    const account = await sessions.signedIn(pool, carol);
    proxy.reset();
    return { pool, account, commands: async () => proxy.stats().commands, close: () => proxy.close() };
  }

  it('marks read and unread, flags and unflags, by UID only', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(3);
    const c = await counted();
    try {
      const sel: Selection = { folder, uidValidity, uids: [uids[0], uids[2]] };
      await expect(setFlag(c.pool, c.account, sel, '\\Seen', true)).resolves.toEqual({ done: 2, missing: 0 });
      await expect(setFlag(c.pool, c.account, sel, '\\Flagged', true)).resolves.toEqual({ done: 2, missing: 0 });
      let flags = await flagsOf(other, folder);
      expect([...flags.get(uids[0])!].sort()).toEqual(['\\Flagged', '\\Seen']);
      expect([...flags.get(uids[1])!]).toEqual([]);
      await setFlag(c.pool, c.account, { ...sel, uids: [uids[0]] }, '\\Seen', false);
      await setFlag(c.pool, c.account, { ...sel, uids: [uids[0]] }, '\\Flagged', false);
      flags = await flagsOf(other, folder);
      expect([...flags.get(uids[0])!]).toEqual([]);
      expect([...flags.get(uids[2])!].sort()).toEqual(['\\Flagged', '\\Seen']);
      const commands = await c.commands();
      expect(commands.filter((x) => /STORE/.test(x)).every((x) => /^UID STORE /.test(x))).toBe(true);
    } finally {
      await c.close();
      await other.logout();
    }
  });

  it(`moves by ${move ? 'UID MOVE' : 'UID COPY + STORE \\Deleted + UID EXPUNGE'}, and reports the new UIDs`, async () => {
    const { folder, uids, uidValidity, other } = await folderWith(3);
    const target = await folderWith(0);
    const c = await counted();
    try {
      const result = await moveMessages(c.pool, c.account, { folder, uidValidity, uids: [uids[0], uids[1]] }, target.folder);
      expect(result).toMatchObject({ done: 2, missing: 0, to: target.folder, destination: { uidValidity: target.uidValidity } });
      expect(result.destination!.uids).toHaveLength(2);
      expect(result.leftDeleted).toBeUndefined();
      expect(await subjectsIn(other, folder)).toEqual([`${folder} 3`]);
      expect(await subjectsIn(other, target.folder)).toEqual([`${folder} 1`, `${folder} 2`]);
      const commands = await c.commands();
      if (move) expect(commands.some((x) => /^UID MOVE /.test(x))).toBe(true);
      else {
        expect(commands.some((x) => /^UID COPY /.test(x))).toBe(true);
        expect(commands.some((x) => /^UID EXPUNGE /.test(x))).toBe(true);
      }
      expect(commands.some((x) => /^EXPUNGE/.test(x))).toBe(false);
    } finally {
      await c.close();
      await other.logout();
      await target.other.logout();
    }
  });

  it("never expunges what another client marked \\Deleted: the other's message stays", async () => {
    const { folder, uids, uidValidity, other } = await folderWith(3);
    const target = await folderWith(0);
    // The other device marks message 3 \Deleted and does not expunge (yet).
    const lock = await other.getMailboxLock(folder);
    try {
      await other.messageFlagsAdd(String(uids[2]), ['\\Deleted'], { uid: true });
    } finally {
      lock.release();
    }
    const c = await counted();
    try {
      await moveMessages(c.pool, c.account, { folder, uidValidity, uids: [uids[0]] }, target.folder);
      // Feather marks its own message \Deleted and expunges it: the other's \Deleted message is still there.
      await setFlag(c.pool, c.account, { folder, uidValidity, uids: [uids[1]] }, '\\Deleted', true);
      await expect(expungeMessages(c.pool, c.account, { folder, uidValidity, uids: [uids[1]] })).resolves.toEqual({ done: 1, missing: 0 });
      expect(await subjectsIn(other, folder)).toEqual([`${folder} 3`]);
      expect([...(await flagsOf(other, folder)).get(uids[2])!]).toContain('\\Deleted');
      expect((await c.commands()).some((x) => /^EXPUNGE/.test(x))).toBe(false);
    } finally {
      await c.close();
      await other.logout();
      await target.other.logout();
    }
  });

  it('touches nothing wrong when another client expunged or moved messages after the list was shown', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(4);
    const target = await folderWith(0);
    const c = await counted();
    try {
      // The page listed all four (the session has the folder selected, as after the list page).
      await listMessages(c.pool, c.account, folder, 1);
      // Meanwhile the other device expunges message 1 and moves message 2 away.
      const lock = await other.getMailboxLock(folder);
      try {
        await other.messageDelete(String(uids[0]), { uid: true });
        await other.messageMove(String(uids[1]), target.folder, { uid: true });
      } finally {
        lock.release();
      }
      // The user flags 1, 2 and 3, then moves 1, 2 and 4: only 3 is flagged, only 4 moved; the rest reported missing.
      await expect(setFlag(c.pool, c.account, { folder, uidValidity, uids: [uids[0], uids[1], uids[2]] }, '\\Flagged', true)).resolves.toEqual({ done: 1, missing: 2 });
      const moved = await moveMessages(c.pool, c.account, { folder, uidValidity, uids: [uids[0], uids[1], uids[3]] }, target.folder);
      expect(moved).toMatchObject({ done: 1, missing: 2 });
      expect(await subjectsIn(other, folder)).toEqual([`${folder} 3`]);
      expect([...(await flagsOf(other, folder)).get(uids[2])!]).toEqual(['\\Flagged']);
      expect(await subjectsIn(other, target.folder)).toEqual([`${folder} 2`, `${folder} 4`]);
      // Nothing at all exists any more: nothing is sent but the search.
      await expect(setFlag(c.pool, c.account, { folder, uidValidity, uids: [uids[0]] }, '\\Seen', true)).resolves.toEqual({ done: 0, missing: 1 });
    } finally {
      await c.close();
      await other.logout();
      await target.other.logout();
    }
  });

  it('refuses to act when the folder was renumbered (UIDVALIDITY changed): its UIDs name other messages', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(2);
    const c = await counted();
    try {
      const stale = String(Number(uidValidity) - 1);
      await expect(setFlag(c.pool, c.account, { folder, uidValidity: stale, uids }, '\\Seen', true)).rejects.toMatchObject({ code: 'folder-changed' });
      await expect(moveMessages(c.pool, c.account, { folder, uidValidity: stale, uids }, path('Archive'))).rejects.toMatchObject({ code: 'folder-changed' });
      expect([...(await flagsOf(other, folder)).values()].every((f) => f.size === 0)).toBe(true);
      expect((await c.commands()).some((x) => /STORE|MOVE|COPY/.test(x))).toBe(false);
    } finally {
      await c.close();
      await other.logout();
    }
  });

  it('copies, leaving the originals; a move into a folder that does not exist changes nothing', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(2);
    const target = await folderWith(0);
    const c = await counted();
    try {
      await expect(copyMessages(c.pool, c.account, { folder, uidValidity, uids: [uids[0]] }, target.folder)).resolves.toMatchObject({ done: 1, missing: 0 });
      expect(await subjectsIn(other, folder)).toEqual([`${folder} 1`, `${folder} 2`]);
      expect(await subjectsIn(other, target.folder)).toEqual([`${folder} 1`]);
      await expect(moveMessages(c.pool, c.account, { folder, uidValidity, uids }, path('No such folder'))).rejects.toMatchObject({ code: 'no-folder' });
      expect(await subjectsIn(other, folder)).toEqual([`${folder} 1`, `${folder} 2`]);
      expect([...(await flagsOf(other, folder)).values()].every((f) => !f.has('\\Deleted'))).toBe(true);
    } finally {
      await c.close();
      await other.logout();
      await target.other.logout();
    }
  });

  it('labels: keywords added and removed by UID, shown on rows, and listed by SEARCH KEYWORD', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(3);
    const c = await counted();
    try {
      await expect(setLabel(c.pool, c.account, { folder, uidValidity, uids: [uids[0], uids[2]] }, 'project-x', true)).resolves.toEqual({ done: 2, missing: 0 });
      const rows = (await listMessages(c.pool, c.account, folder, 1)).messages;
      expect(rows.map((m) => m.labels)).toEqual([['project-x'], [], ['project-x']]);
      const labelled = await searchMessages(c.pool, c.account, folder, { text: '', body: false, label: 'project-x' }, 1);
      expect(labelled.messages.map((m) => m.uid)).toEqual([uids[2], uids[0]]);
      expect((await c.commands()).some((x) => /SEARCH .*KEYWORD project-x/.test(x))).toBe(true);
      await setLabel(c.pool, c.account, { folder, uidValidity, uids: [uids[0]] }, 'project-x', false);
      expect([...(await flagsOf(other, folder)).get(uids[0])!]).toEqual([]);
    } finally {
      await c.close();
      await other.logout();
    }
  });

  it('"select all N": the server finds every message (of a search, with one) below the UIDNEXT the page saw', async () => {
    const { folder, uids, uidValidity, other } = await folderWith(60);
    const c = await counted();
    try {
      const page = await listMessages(c.pool, c.account, folder, 1);
      expect(page.messages).toHaveLength(50);
      // One arrives after the page was made: not the user's to act on unseen.
      await other.append(folder, `From: a@example.org\r\nSubject: ${folder} late\r\n\r\nlate\r\n`);
      await expect(setFlag(c.pool, c.account, { folder, uidValidity, uids: [], every: { uidNext: page.uidNext } }, '\\Flagged', true)).resolves.toEqual({ done: 60, missing: 0 });
      const flags = await flagsOf(other, folder);
      expect(uids.every((u) => flags.get(u)!.has('\\Flagged'))).toBe(true);
      expect([...flags.entries()].filter(([u]) => !uids.includes(u)).map(([, f]) => [...f])).toEqual([[]]);
      // In a search: only its matches. Messages 1…9 are the ones smaller than message 10 (a digit fewer, twice); the
      // late one is smaller too, but arrived after the page.
      const terms = { text: '', body: false, smaller: Buffer.byteLength(messageText(folder, 10)) };
      await setFlag(c.pool, c.account, { folder, uidValidity, uids: [], every: { uidNext: page.uidNext, search: terms } }, '\\Seen', true);
      const seen = [...(await flagsOf(other, folder)).entries()].filter(([, f]) => f.has('\\Seen')).map(([u]) => u);
      expect(seen).toEqual(uids.slice(0, 9));
    } finally {
      await c.close();
      await other.logout();
    }
  });

  it('lists the folders to move to, and finds the Trash and the Archive among the user’s own', async () => {
    const c = await counted();
    try {
      const { folders, roles } = await folderChoices(c.pool, c.account);
      expect(roles.trash).toBe(path('Trash'));
      expect(roles.archive).toBe(path('Archive'));
      expect(folders.find((f) => f.path === path('Archive'))).toMatchObject({ label: 'Archive', specialUse: 'archive' });
      expect(folders[0]).toMatchObject({ path: 'INBOX', label: 'Inbox' });
    } finally {
      await c.close();
    }
  });
});
