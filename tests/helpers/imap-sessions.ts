// Sessions of Feather's own lib/imap pool against a rig server, for the integration tests: pools made by a test are
// closed after it, and each sign-in gets a session id of its own. Plus the "other device" of a user: an
// independent imapflow client straight to the server.
import { afterEach } from 'vitest';
import { ImapFlow } from 'imapflow';
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
