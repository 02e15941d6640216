// Sign-in limits per user name and per client address, against their own app (low limits) and a counting proxy:
// the same answer for a wrong password and an unknown user, a growing wait with a clear message, and no LOGIN
// sent to the IMAP server while the wait runs.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { startApp, type RunningApp } from '../../rig/app';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { DATA_ROOT } from '../../rig/paths';
import { TEST_USERS, type TestUser } from '../helpers/fixtures';
import { postSignIn } from '../helpers/http-session';

let app: RunningApp;
let proxy: CountingProxy;
const LOGIN = /^(LOGIN|AUTHENTICATE)\b/;

beforeAll(async () => {
  proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('e2eImapPort') });
  app = await startApp({ imapPort: proxy.port, logFile: path.join(DATA_ROOT, 'e2e-app-limits.log'), env: { SIGNIN_FAILURES_PER_USER: '2', SIGNIN_FAILURES_PER_ADDRESS: '6' } });
});
afterAll(async () => {
  await app?.stop();
  await proxy?.close();
});

/** One sign-in post: 'signed in', or the notice the sign-in form then shows. */
async function attempt(user: string, password: string): Promise<string> {
  const res = await postSignIn({}, { user, password } as TestUser, app.url);
  const to = new URL(res.headers.get('location') ?? '', app.url);
  if (to.pathname === '/mail') return 'signed in';
  const page = await (await fetch(to)).text();
  return /<p role="alert"[^>]*>([^<]*)<\/p>/.exec(page)?.[1] ?? `no notice at ${to}`;
}

const WRONG = 'The username or password is not correct.';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sign-in limits', () => {
  it('answer a wrong password and an unknown user alike, then make the user wait, asking IMAP nothing meanwhile', async () => {
    const alice = TEST_USERS.alice;
    // (Dovecot delays each failed LOGIN by seconds: the failures go in at once.)
    const failures = await Promise.all([attempt('nobody-at-all', 'whatever'), ...[1, 2, 3].map(() => attempt(alice.user, 'not-the-password'))]);
    expect(failures).toEqual([WRONG, WRONG, WRONG, WRONG]);
    // Three failures for alice with two free: her next attempt waits 2 s, whatever its password.
    proxy.reset();
    expect(await attempt(alice.user, alice.password)).toMatch(/^Too many failed sign-ins\. Please wait a little, then try again\. \(About [12] seconds?\.\)$/);
    expect(proxy.stats().commands.filter((c) => LOGIN.test(c))).toEqual([]);
    // Once the wait is over the right password works; the success forgets alice's failures.
    await sleep(2200);
    expect(await attempt(alice.user, alice.password)).toBe('signed in');
  });

  it('count failures per address too: many user names from one address make everyone there wait', async () => {
    // Four failures from this address so far; three more pass the six allowed.
    const results = await Promise.all(['u1', 'u2', 'u3'].map((u) => attempt(u, 'guess')));
    expect(results).toEqual([WRONG, WRONG, WRONG]);
    proxy.reset();
    expect(await attempt(TEST_USERS.bob.user, TEST_USERS.bob.password)).toMatch(/^Too many failed sign-ins\./);
    expect(proxy.stats().commands.filter((c) => LOGIN.test(c))).toEqual([]);
  });
});
