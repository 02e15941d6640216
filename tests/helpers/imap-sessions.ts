// Sessions of Feather's own lib/imap pool against a rig server, for the integration tests: pools made by a test are
// closed after it, and each sign-in gets a session id of its own. Plus the "other device" of a user: an
// independent imapflow client straight to the server.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ImapFlow } from 'imapflow';
import { startDovecot, stopDovecot, type DovecotInstance, type DovecotOptions } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import type { Account, ConnectionPool } from '@/lib/imap/pool';
import { rigPool, type RigPoolOverrides } from '../../rig/pool';
import { TEST_USERS, type TestUser } from './fixtures';

/** Call once at the top of a test file; `tag` names its session ids. */
export function imapSessions(tag: string) {
  const pools: ConnectionPool[] = [];
  let n = 0;
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.closeAll()));
  });
  return {
    makePool(port: number, overrides: RigPoolOverrides = {}): ConnectionPool {
      const pool = rigPool(port, overrides);
      pools.push(pool);
      return pool;
    },
    account(user: TestUser = TEST_USERS.alice): Account {
      return { sid: `${tag}-${++n}`, user: user.user, password: user.password };
    },
    async signedIn(pool: ConnectionPool, user: TestUser = TEST_USERS.alice): Promise<Account> {
      const a = { sid: `${tag}-${++n}`, user: user.user, password: user.password };
      await pool.signIn(a);
      return a;
    },
    /** A number that differs for every call in the file (folder and subject names made by tests). */
    next: () => ++n,
  };
}

/** A second, independent IMAP client straight to the server: the "other device" of the same user. */
export async function otherClient(port: number, user: TestUser = TEST_USERS.alice): Promise<ImapFlow> {
  const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: user.user, pass: user.password }, logger: false });
  await c.connect();
  return c;
}

/**
 * A Dovecot of a test file's own, fresh mailboxes every run (under .data/`dirName`), for `user`, behind a counting
 * proxy, with the user's "other device" signed in: started before the file's tests, stopped after them. Read its
 * parts inside tests (they exist once beforeAll ran).
 */
export function ownDovecot(dirName: string, user: TestUser, options: DovecotOptions) {
  const dataDir = path.join(DATA_ROOT, dirName);
  const own = {} as { dovecot: DovecotInstance; proxy: CountingProxy; other: ImapFlow };
  beforeAll(async () => {
    await stopDovecot(dataDir);
    await fsp.rm(path.join(dataDir, 'home'), { recursive: true, force: true });
    own.dovecot = await startDovecot({ dataDir, port: await freePort(), users: [user], options });
    own.proxy = await startCountingProxy({ host: '127.0.0.1', port: own.dovecot.port });
    own.other = await otherClient(own.dovecot.port, user);
  });
  afterAll(async () => {
    await own.other?.logout();
    await own.proxy?.close();
    await own.dovecot?.stop();
  });
  return own;
}
