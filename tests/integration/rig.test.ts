// Proves the test rig itself: the private Dovecot, its fixtures and the counting proxy.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImapFlow, type MessageStructureObject } from 'imapflow';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { dovecotProcesses, startDovecot, stopDovecot } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { FIXTURE_FOLDERS, FIXTURE_INBOX_COUNT, FIXTURE_INBOX_UNSEEN, SPECIAL, TEST_USERS, fixtureSubject } from '../helpers/fixtures';

let proxy: CountingProxy;
let client: ImapFlow;

// imapflow prefers AUTHENTICATE PLAIN when the server offers it (Dovecot does); the main
// client forces LOGIN so the LOGIN redaction is exercised too.
function connect(port: number, user: { user: string; password: string } = TEST_USERS.alice, loginMethod?: 'LOGIN'): ImapFlow {
  const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: user.user, pass: user.password, loginMethod }, logger: false });
  c.on('error', () => {}); // dropped connections surface as 'error' events; the test checks 'close'
  return c;
}

async function status(c: ImapFlow, folder: string) {
  const st = await c.status(folder, { messages: true, unseen: true });
  if (!st) throw new Error(`STATUS ${folder} failed`);
  return st;
}

function flatten(node: MessageStructureObject): MessageStructureObject[] {
  return [node, ...(node.childNodes ?? []).flatMap(flatten)];
}

/** A hand-driven IMAP client: send exact lines, wait for what the server says. */
async function rawImap(port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  const until = async (pattern: RegExp) => {
    const deadline = Date.now() + 10_000;
    while (!pattern.test(received)) {
      if (Date.now() > deadline) throw new Error(`the server never sent ${pattern}; got: ${received}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    received = '';
  };
  await until(/^\* OK.*\r\n/m);
  return {
    until,
    send: (text: string) => new Promise<void>((resolve, reject) => socket.write(text, (err) => (err ? reject(err) : resolve()))),
    close: () => socket.destroy(),
  };
}

const logOf = (id: number) => proxy.stats().connectionLog.find((c) => c.id === id);
const newest = () => proxy.stats().connectionLog.at(-1)!;

beforeAll(async () => {
  proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('imapPort') });
  client = connect(proxy.port, TEST_USERS.alice, 'LOGIN');
  await client.connect();
});

afterAll(async () => {
  await client?.logout().catch(() => {});
  await proxy?.close();
});

describe('test rig', () => {
  it('logs in through the proxy, which records LOGIN with the password redacted', () => {
    const s = proxy.stats();
    expect(s.connections).toBe(1);
    const login = s.commands.find((c) => c.startsWith('LOGIN'));
    expect(login).toBe('LOGIN "alice" "***"');
    expect(s.commands.join('\n')).not.toContain(TEST_USERS.alice.password);
    expect(s.bytesFromServer).toBeGreaterThan(0);
    expect(s.bytesToServer).toBeGreaterThan(0);
  });

  it('lists the fixture folders with special-use flags', async () => {
    const list = await client.list();
    const byPath = new Map(list.map((f) => [f.path, f]));
    for (const name of Object.keys(FIXTURE_FOLDERS)) expect(byPath.has(name), name).toBe(true);
    for (const special of ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive']) {
      expect(byPath.get(special)?.specialUse).toBe(`\\${special}`);
    }
    expect(byPath.get('Projects/Feather')?.delimiter).toBe('/');
  });

  it('has 120 INBOX messages, specials newest, and the expected counts per folder', async () => {
    // Other test files share this Dovecot and append to folders or toggle \Seen meanwhile,
    // so only INBOX's total is exact here.
    const st = await status(client, 'INBOX');
    expect(st.messages).toBe(FIXTURE_INBOX_COUNT);
    expect(st.unseen).toBeGreaterThanOrEqual(FIXTURE_INBOX_UNSEEN - 1);
    for (const [folder, count] of Object.entries(FIXTURE_FOLDERS)) {
      expect((await status(client, folder)).messages, folder).toBeGreaterThanOrEqual(count);
    }
    const lock = await client.getMailboxLock('INBOX');
    try {
      const subjects: string[] = [];
      for await (const m of client.fetch('1:*', { envelope: true })) subjects.push(m.envelope?.subject ?? '');
      expect(subjects[0]).toBe(fixtureSubject(1));
      // every special decodes to its exact subject (legacy charsets included) and sits on page 1
      for (const subject of Object.values(SPECIAL)) expect(subjects.indexOf(subject), subject).toBeGreaterThanOrEqual(70);
    } finally {
      lock.release();
    }
  });

  it('gives the large-attachment message a ~28 MB base64 part without downloading it', async () => {
    const lock = await client.getMailboxLock('INBOX');
    try {
      const uids = await client.search({ subject: SPECIAL.largeAttachment }, { uid: true });
      expect(uids && uids.length).toBe(1);
      proxy.reset();
      const msg = await client.fetchOne(String((uids as number[])[0]), { bodyStructure: true, size: true }, { uid: true });
      expect(msg).toBeTruthy();
      if (!msg) return;
      const parts = flatten(msg.bodyStructure!);
      const bin = parts.find((p) => p.dispositionParameters?.filename === 'dataset.bin');
      expect(bin?.encoding).toBe('base64');
      expect(bin!.size).toBeGreaterThan(26_000_000);
      expect(bin!.size).toBeLessThan(30_000_000);
      expect(msg.size).toBeGreaterThan(27_000_000);
      // BODYSTRUCTURE alone is small on the wire
      expect(proxy.stats().bytesFromServer).toBeLessThan(4096);
      expect(proxy.stats().commands.some((c) => /^UID FETCH \d+ \(.*BODYSTRUCTURE/.test(c))).toBe(true);
    } finally {
      lock.release();
    }
  });

  it('can drop connections and blackhole the server', async () => {
    proxy.reset();
    const c2 = connect(proxy.port, TEST_USERS.bob);
    await c2.connect();
    // AUTHENTICATE PLAIN: the SASL response (base64 of the password) is not recorded
    const sasl = Buffer.from(`\0bob\0${TEST_USERS.bob.password}`).toString('base64');
    expect(proxy.stats().commands).toContain('AUTHENTICATE PLAIN');
    expect(proxy.stats().commands.join('\n')).not.toContain(sasl);
    // (bob's INBOX is empty when seeded; the sending tests may have delivered to it since.)
    expect((await status(c2, 'INBOX')).messages).toBeGreaterThanOrEqual(0);
    const closed = new Promise<void>((resolve) => c2.once('close', () => resolve()));
    proxy.dropAll();
    await closed;

    proxy.blackhole(true);
    const c3 = connect(proxy.port, TEST_USERS.bob);
    c3.on('error', () => {});
    const greeting = await Promise.race([
      c3.connect().then(() => 'answered', () => 'failed'),
      new Promise((r) => setTimeout(() => r('silent'), 700)),
    ]);
    expect(greeting).toBe('silent');
    proxy.blackhole(false);
    c3.close();
    client = connect(proxy.port, TEST_USERS.alice, 'LOGIN');
    await client.connect();
  });
});

describe('connection log of the proxy', () => {
  it('lists each connection with the user the server accepted (LOGIN or AUTHENTICATE PLAIN) and whether it is open, never a password', async () => {
    const secrets = [TEST_USERS.alice.password, TEST_USERS.bob.password, Buffer.from(`\0bob\0${TEST_USERS.bob.password}`).toString('base64')];
    // The rig's own client signed in with LOGIN (quoted strings) and is still open.
    expect(proxy.stats().connectionLog.filter((c) => c.open && c.user === 'alice').length).toBeGreaterThanOrEqual(1);

    // imapflow's AUTHENTICATE PLAIN: the username from the SASL response, not the password in it.
    const viaPlain = connect(proxy.port, TEST_USERS.bob);
    await viaPlain.connect();
    const plainId = newest().id;
    expect(logOf(plainId)).toEqual({ id: plainId, user: 'bob', open: true });

    // A wrong password: the connection is listed, with no user.
    const wrong = connect(proxy.port, { user: 'bob', password: 'not-the-password' });
    await expect(wrong.connect()).rejects.toThrow();
    const wrongEntry = proxy.stats().connectionLog.find((c) => c.id > plainId)!;
    expect(wrongEntry.user).toBeNull();

    // LOGIN with the username as a literal, then AUTHENTICATE PLAIN with an initial response, by hand.
    const literal = await rawImap(proxy.port);
    const literalId = newest().id;
    await literal.send('a1 LOGIN {3}\r\n');
    await literal.until(/^\+/m);
    await literal.send(`bob {${TEST_USERS.bob.password.length}}\r\n`);
    await literal.until(/^\+/m);
    await literal.send(`${TEST_USERS.bob.password}\r\n`);
    await literal.until(/^a1 OK/m);
    expect(logOf(literalId)).toEqual({ id: literalId, user: 'bob', open: true });
    const initial = await rawImap(proxy.port);
    const initialId = newest().id;
    await initial.send(`a1 AUTHENTICATE PLAIN ${Buffer.from(`\0bob\0${TEST_USERS.bob.password}`).toString('base64')}\r\n`);
    await initial.until(/^a1 OK/m);
    expect(logOf(initialId)).toEqual({ id: initialId, user: 'bob', open: true });
    expect(proxy.stats().commands).toContain('AUTHENTICATE PLAIN ***');

    const all = JSON.stringify(proxy.stats());
    for (const secret of secrets) expect(all).not.toContain(secret);

    // Closing one connection marks that one closed, and no other.
    await viaPlain.logout();
    await expect.poll(() => logOf(plainId)?.open).toBe(false);
    expect(logOf(literalId)?.open).toBe(true);
    expect(logOf(initialId)?.open).toBe(true);
    literal.close();
    initial.close();
    await expect.poll(() => [logOf(literalId)?.open, logOf(initialId)?.open]).toEqual([false, false]);
    // reset() forgets closed connections and keeps the open ones.
    proxy.reset();
    const kept = proxy.stats().connectionLog;
    expect(kept.every((c) => c.open)).toBe(true);
    expect(kept.some((c) => c.user === 'alice')).toBe(true);
    expect(kept.map((c) => c.id)).not.toContain(plainId);
  });
});

describe('stopping a private Dovecot', () => {
  it('ends every process of the instance, also while a client is signed in, and says when nothing ran', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-rig-stop-'));
    try {
      const port = await freePort();
      const d = await startDovecot({ dataDir, port, users: [TEST_USERS.bob] });
      const c = connect(port, TEST_USERS.bob);
      await c.connect();
      await c.mailboxOpen('INBOX');
      // The master and its helpers, plus the signed-in client's imap process.
      expect(dovecotProcesses(d.dataDir).length).toBeGreaterThanOrEqual(5);
      const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
      expect(await stopDovecot(d.dataDir)).toBe(true);
      expect(dovecotProcesses(d.dataDir)).toEqual([]);
      // Nothing serves the signed-in client any more: its connection is closed.
      await closed;
      expect(c.usable).toBe(false);
      expect(await stopDovecot(d.dataDir)).toBe(false);
    } finally {
      await stopDovecot(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
