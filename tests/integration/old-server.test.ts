// The fallbacks for a server with neither MOVE nor UIDPLUS (older Courier, UW-IMAP): a Dovecot of its own that
// announces only IMAP4rev1 basics. A move is then COPY and STORE \Deleted, the originals left marked rather than
// EXPUNGEd (a plain EXPUNGE would also remove what another client marked); Expunge and Empty Trash are refused.
// Nor SORT, THREAD or ESEARCH: lists in arrival order (saying so), searches by plain UID SEARCH.
import { describe, expect, it } from 'vitest';
import { eraseMessages, expungeMessages, moveMessages, setFlag, type Selection } from '@/lib/imap/manage';
import { listConversations, listMessages, searchMessages } from '@/lib/imap/mail';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, ownDovecot } from '../helpers/imap-sessions';

const OLD_CAPABILITIES = 'IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE CHILDREN UNSELECT';
const carol = TEST_USERS.carol;
const sessions = imapSessions('old-server');
const own = ownDovecot('test-dovecot-old', carol, { capabilities: OLD_CAPABILITIES, quota: false });

async function folderWith(count: number): Promise<{ folder: string; uids: number[]; uidValidity: string }> {
  const folder = `Old${sessions.next()}`;
  await own.other.mailboxCreate(folder);
  for (let i = 1; i <= count; i++) await own.other.append(folder, `From: a@example.org\r\nSubject: ${folder} ${i}\r\n\r\n${i}\r\n`);
  const st = await own.other.status(folder, { uidValidity: true });
  const lock = await own.other.getMailboxLock(folder);
  try {
    return { folder, uids: (await own.other.search({ all: true }, { uid: true })) || [], uidValidity: String(st && st.uidValidity) };
  } finally {
    lock.release();
  }
}

async function flagsIn(folder: string): Promise<Array<[string, boolean]>> {
  const lock = await own.other.getMailboxLock(folder);
  try {
    await own.other.noop();
    if (!own.other.mailbox || own.other.mailbox.exists === 0) return [];
    const rows = await own.other.fetchAll('1:*', { envelope: true, flags: true });
    return rows.map((r): [string, boolean] => [r.envelope?.subject ?? '', r.flags?.has('\\Deleted') === true]).sort();
  } finally {
    lock.release();
  }
}

describe('a server without MOVE and UIDPLUS', () => {
  it('announces neither (the rig stands for an old server)', () => {
    expect(own.other.capabilities.has('MOVE') || own.other.capabilities.has('UIDPLUS')).toBe(false);
  });

  it('moves by COPY and STORE \\Deleted, leaves the originals marked, and never sends EXPUNGE', async () => {
    const { folder, uids, uidValidity } = await folderWith(3);
    const target = `${folder}-to`;
    await own.other.mailboxCreate(target);
    // Another client marked message 3 \Deleted and has not expunged it: it must survive the move of 1 and 2.
    const lock = await own.other.getMailboxLock(folder);
    await own.other.messageFlagsAdd(String(uids[2]), ['\\Deleted'], { uid: true });
    lock.release();
    const pool = sessions.makePool(own.proxy.port);
    const a = await sessions.signedIn(pool, carol);
    own.proxy.reset();
    const sel: Selection = { folder, uidValidity, uids: [uids[0], uids[1]] };
    const moved = await moveMessages(pool, a, sel, target);
    expect(moved).toMatchObject({ done: 2, missing: 0, leftDeleted: true });
    const commands = own.proxy.stats().commands;
    expect(commands.filter((c) => /EXPUNGE|MOVE/i.test(c)), commands.join(' | ')).toEqual([]);
    expect(commands.some((c) => /^UID COPY /.test(c))).toBe(true);
    expect(await flagsIn(folder)).toEqual([
      [`${folder} 1`, true],
      [`${folder} 2`, true],
      [`${folder} 3`, true],
    ]);
    expect((await flagsIn(target)).map(([s]) => s)).toEqual([`${folder} 1`, `${folder} 2`]);
  });

  it('refuses Expunge and Empty Trash rather than expunge the whole folder', async () => {
    const { folder, uids, uidValidity } = await folderWith(2);
    const pool = sessions.makePool(own.proxy.port);
    const a = await sessions.signedIn(pool, carol);
    await setFlag(pool, a, { folder, uidValidity, uids }, '\\Deleted', true);
    own.proxy.reset();
    await expect(expungeMessages(pool, a, { folder, uidValidity, uids })).rejects.toMatchObject({ code: 'no-uid-expunge' });
    await expect(eraseMessages(pool, a, folder, uidValidity, uids[1] + 1, 'all')).rejects.toMatchObject({ code: 'no-uid-expunge' });
    expect(own.proxy.stats().commands.filter((c) => /EXPUNGE/i.test(c))).toEqual([]);
    expect(await flagsIn(folder)).toHaveLength(2);
  });
});

describe('a server without SORT, THREAD and ESEARCH', () => {
  it('lists newest first and says so when another order is asked, lists every message when conversations are, and still searches', async () => {
    const { folder } = await folderWith(3);
    const pool = sessions.makePool(own.proxy.port);
    const a = await sessions.signedIn(pool, carol);
    own.proxy.reset();
    const sorted = await listMessages(pool, a, folder, 1, { key: 'subject', descending: false });
    expect(sorted.unsorted).toEqual({ key: 'subject', descending: false });
    expect(sorted.order).toEqual({ key: 'arrival', descending: true });
    expect(sorted.messages.map((m) => m.subject)).toEqual([`${folder} 3`, `${folder} 2`, `${folder} 1`]);
    // Arrival needs no SORT: oldest first by sequence number.
    expect((await listMessages(pool, a, folder, 1, { key: 'arrival', descending: false })).messages.map((m) => m.subject)).toEqual([`${folder} 1`, `${folder} 2`, `${folder} 3`]);
    const threads = await listConversations(pool, a, folder, 1);
    expect(threads.unthreaded).toBe(true);
    expect(threads.messages).toHaveLength(3);
    const found = await searchMessages(pool, a, folder, { text: `${folder} 2`, body: false, answered: false }, 1);
    expect(found.messages.map((m) => m.subject)).toEqual([`${folder} 2`]);
    expect(own.proxy.stats().commands.filter((c) => /SORT|THREAD|RETURN/.test(c))).toEqual([]);
  });
});
