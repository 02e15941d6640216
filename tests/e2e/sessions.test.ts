// How long a sign-in lasts: an idle timeout and an absolute lifetime; and SESSION_SECRET rotated without signing
// everyone out (SESSION_SECRET_PREVIOUS). Each case runs its own app with short limits.
import { afterAll, describe, expect, inject, it } from 'vitest';
import path from 'node:path';
import { startApp, type RunningApp } from '../../rig/app';
import { DATA_ROOT } from '../../rig/paths';
import { TEST_USERS } from '../helpers/fixtures';
import { cookieOf, sessionCookie } from '../helpers/http-session';

const apps: RunningApp[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

const SECRET_A = 'rotation-secret-a-0123456789abcdefghijkl';
const SECRET_B = 'rotation-secret-b-0123456789abcdefghijkl';
const SECRET_C = 'rotation-secret-c-0123456789abcdefghijkl';

async function app(name: string, env: Record<string, string>): Promise<RunningApp> {
  const a = await startApp({ imapPort: inject('e2eImapPort'), logFile: path.join(DATA_ROOT, `e2e-app-${name}.log`), env });
  apps.push(a);
  return a;
}

/** What /mail answers for `cookie`: 'list' (the message list), or where it redirects to. */
async function inbox(a: RunningApp, cookie: string): Promise<string> {
  const res = await fetch(`${a.url}/mail?folder=INBOX`, { redirect: 'manual', headers: { Cookie: cookie } });
  if (res.status === 200) return (await res.text()).includes('aria-label="Messages"') ? 'list' : 'page without the list';
  await res.body?.cancel();
  const to = new URL(res.headers.get('location') ?? '', a.url);
  return `${res.status} ${to.pathname}${to.searchParams.get('error') ? ` error=${to.searchParams.get('error')}` : ''}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('how long a sign-in lasts', () => {
  it('ends after SESSION_IDLE_MINUTES unused, and each use starts that wait again', async () => {
    const a = await app('idle', { SESSION_IDLE_MINUTES: '0.05' }); // 3 s
    const cookie = await sessionCookie(TEST_USERS.alice, a.url);
    expect(await inbox(a, cookie)).toBe('list');
    for (let i = 0; i < 3; i++) {
      await sleep(1500);
      expect(await inbox(a, cookie), `use ${i + 1}, 1.5 s after the last`).toBe('list');
    }
    await sleep(3500);
    expect(await inbox(a, cookie)).toBe('307 /login error=expired');
    // Ended for good: the same cookie does not come back to life.
    expect(await inbox(a, cookie)).toBe('307 /login error=expired');
  });

  it('ends after SESSION_TTL_HOURS however busy, and saving a preference does not extend it', async () => {
    const a = await app('lifetime', { SESSION_TTL_HOURS: '0.002' }); // 7.2 s
    let cookie = await sessionCookie(TEST_USERS.alice, a.url);
    const started = Date.now();
    let saved = false;
    while (Date.now() - started < 6000) {
      expect(await inbox(a, cookie)).toBe('list');
      if (!saved && Date.now() - started > 3000) {
        // A preference saved halfway re-seals the cookie: the sign-in's own time is kept.
        const res = await fetch(`${a.url}/settings`, { headers: { Cookie: cookie } });
        const action = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(await res.text())![1];
        const form = new FormData();
        form.set(action, '');
        form.set('back', '/settings?saved=1');
        // The default value: preferences are kept on the server (METADATA), and every test signing in as alice
        // meanwhile would read "Text only" from there.
        form.set('textOnly', 'off');
        const post = await fetch(`${a.url}/settings`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: cookie, Origin: a.url } });
        cookie = cookieOf(post) ?? cookie;
        saved = true;
      }
      await sleep(1000);
    }
    expect(saved).toBe(true);
    await sleep(Math.max(0, 7500 - (Date.now() - started)));
    expect(await inbox(a, cookie)).toBe('307 /login error=expired');
  });
});

describe('rotating SESSION_SECRET', () => {
  it('keeps sign-ins sealed with the previous secret, and ends those of the one before', async () => {
    const a = await app('secret-a', { SESSION_SECRET: SECRET_A });
    const b = await app('secret-b', { SESSION_SECRET: SECRET_B, SESSION_SECRET_PREVIOUS: SECRET_A });
    const c = await app('secret-c', { SESSION_SECRET: SECRET_C, SESSION_SECRET_PREVIOUS: SECRET_B });
    const fromA = await sessionCookie(TEST_USERS.alice, a.url);
    const fromB = await sessionCookie(TEST_USERS.alice, b.url);
    // After one rotation: the old cookie still opens the mail (the IMAP connection is reopened from it).
    expect(await inbox(b, fromA)).toBe('list');
    // After two: only what the previous secret sealed.
    expect(await inbox(c, fromB)).toBe('list');
    expect(await inbox(c, fromA)).toBe('307 /login');
    // The app that knows only its own secret reads nothing else.
    expect(await inbox(a, fromB)).toBe('307 /login');
  });
});
