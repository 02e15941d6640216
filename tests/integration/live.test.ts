// Live updates at the IMAP end (lib/imap/watch.ts): one watching connection per user tells its pages what another
// client did. Dovecot's layout has IDLE, NOTIFY and QRESYNC; the courier-like one IDLE only (other folders' counts
// are asked for with STATUS, expunges named by sequence number).
import { describe, expect, inject, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { LiveRegistry, type Listener } from '@/lib/imap/watch';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('live');

type Heard = Parameters<Listener['send']>[0];

function listener(folder: string, uid?: number) {
  const heard: Heard[] = [];
  return { folder, uid, heard, send: (e: Heard) => heard.push(e) };
}

/** Waits until `pred` holds of what was heard, or fails after `ms`. */
async function until(heard: Heard[], pred: (e: Heard) => boolean, ms = 5000): Promise<Heard> {
  const end = Date.now() + ms;
  for (;;) {
    const found = heard.find(pred);
    if (found) return found;
    if (Date.now() > end) throw new Error(`not heard in ${ms} ms; heard: ${JSON.stringify(heard)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function folderWith(other: ImapFlow, name: string, count: number): Promise<number[]> {
  await other.mailboxCreate(name);
  const uids: number[] = [];
  for (let i = 1; i <= count; i++) {
    const r = await other.append(name, `From: a@example.org\r\nSubject: ${name} ${i}\r\n\r\n${i}\r\n`);
    if (r && r.uid) uids.push(r.uid);
  }
  return uids;
}

const SERVERS: Array<{ layout: DovecotLayout; port: () => number }> = [
  { layout: 'dovecot', port: () => inject('imapPort') },
  { layout: 'courier-like', port: () => inject('courierImapPort') },
];

describe.each(SERVERS)('live updates on the $layout server', ({ layout, port }) => {
  it('tells the pages of a folder about new mail, flag changes and expunges made by another client, and a message page that its message went', async () => {
    const pool = sessions.makePool(port());
    const registry = new LiveRegistry(pool, 5, { statusPollMs: 500 });
    const other = await otherClient(port(), carol);
    const name = folderPathIn(layout, `Live${sessions.next()}-${Date.now() % 100000}`);
    const uids = await folderWith(other, name, 3);
    const list = listener(name);
    const message = listener(name, uids[1]);
    const stops = [registry.listen(sessions.account(carol), list)!, registry.listen(sessions.account(carol), message)!];
    try {
      expect(registry.users).toBe(1);
      // Give the watcher its SELECT and IDLE.
      await new Promise((r) => setTimeout(r, 700));
      await other.append(name, 'From: b@example.org\r\nSubject: arrived live\r\n\r\nhi\r\n');
      expect(await until(list.heard, (e) => e.kind === 'new')).toMatchObject({ folder: name, kind: 'new', count: 1 });
      const lock = await other.getMailboxLock(name);
      try {
        await other.messageFlagsAdd(String(uids[0]), ['\\Flagged'], { uid: true });
        await until(list.heard, (e) => e.kind === 'flags');
        await other.messageDelete(String(uids[1]), { uid: true });
      } finally {
        lock.release();
      }
      const gone = await until(list.heard, (e) => e.kind === 'expunge');
      if (layout === 'dovecot') expect(gone).toMatchObject({ uids: [uids[1]] });
      expect(await until(message.heard, (e) => e.kind === 'gone')).toEqual({ folder: name, kind: 'gone', uid: uids[1] });
      // New mail after an expunge is new mail still (imapflow keeps no count through VANISHED: the watcher does).
      list.heard.length = 0;
      await other.append(name, 'From: b@example.org\r\nSubject: after the expunge\r\n\r\nhi\r\n');
      expect(await until(list.heard, (e) => e.kind === 'new')).toMatchObject({ folder: name, kind: 'new', count: 1 });
      // A change in another folder: its counts, for every page (the tree's unread numbers).
      await other.append('INBOX', 'From: c@example.org\r\nSubject: elsewhere\r\n\r\nhi\r\n');
      expect(await until(list.heard, (e) => e.kind === 'counts' && e.folder === 'INBOX')).toBeTruthy();
    } finally {
      stops.forEach((s) => s());
      await other.logout();
      registry.closeAll();
    }
  });

  it('holds one connection per user however many pages listen, refuses users past its ceiling, and lets go after the last page', async () => {
    const pool = sessions.makePool(port());
    const registry = new LiveRegistry(pool, 1, { lingerMs: 300 });
    const pages = Array.from({ length: 5 }, () => listener('INBOX'));
    const stops = pages.map((p) => registry.listen(sessions.account(carol), p)!);
    expect(stops.every(Boolean)).toBe(true);
    expect(registry.users).toBe(1);
    // Another user, past the ceiling of one: no live updates for them.
    expect(registry.listen(sessions.account(TEST_USERS.bob), listener('INBOX'))).toBeNull();
    await new Promise((r) => setTimeout(r, 500));
    stops.forEach((s) => s());
    expect(registry.users).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(registry.users).toBe(0);
    // Room again.
    const stop = registry.listen(sessions.account(TEST_USERS.bob), listener('INBOX'));
    expect(stop).not.toBeNull();
    stop!();
    // A sign-out ends its own pages' streams, and only those.
    let ended = 0;
    const mine = { ...listener('INBOX'), sid: 'signing-out', end: () => ended++ };
    const theirs = { ...listener('INBOX'), sid: 'staying', end: () => ended++ };
    registry.listen(sessions.account(TEST_USERS.bob), mine);
    registry.listen(sessions.account(TEST_USERS.bob), theirs);
    registry.endSession('signing-out');
    expect(ended).toBe(1);
    registry.closeAll();
    expect(ended).toBe(2);
  });
});
