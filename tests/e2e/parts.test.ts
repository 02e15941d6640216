// Part links and the error table: a download whose sign-in is gone sends the user to sign in and back to the
// message; a part that is not there answers 404 with a page that has a way back; a malformed link says so.
import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { signIn, fileBrowserPages } from '../helpers/browser';
import { LARGE_ATTACHMENT_NAME, SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';

const alice = TEST_USERS.alice;
const freshPage = fileBrowserPages();
const base = () => inject('appUrl');

/** The href of a message's link on INBOX page 1, and of its first download, fetched as a signed-in user. */
async function linksOf(cookie: string, subject: string): Promise<{ message: string; download?: string }> {
  const list = await (await fetch(`${base()}/mail?folder=INBOX`, { headers: { Cookie: cookie } })).text();
  const esc = subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const message = new RegExp(`href="(/mail(?:/read)?\\?[^"]+)"[^>]*>${esc}<`).exec(list)![1].replace(/&amp;/g, '&');
  const page = await (await fetch(base() + message, { headers: { Cookie: cookie } })).text();
  const download = /href="(\/mail\/part\?[^"]+)" download=/.exec(page)?.[1].replace(/&amp;/g, '&');
  return { message, download };
}

describe('part links', () => {
  it('a download after the sign-in is gone: sign in, then back to the message (JavaScript off)', async () => {
    const cookie = await sessionCookie();
    const { message, download } = await linksOf(cookie, SPECIAL.largeAttachment);
    expect(download).toBeDefined();
    // No cookie at all: 303 to the sign-in form, which brings the user back to the message afterwards.
    const anonymous = await fetch(base() + download!, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    const to = new URL(anonymous.headers.get('location')!, base());
    expect(to.pathname).toBe('/login');
    expect(to.searchParams.get('error')).toBe('expired');
    expect(to.searchParams.get('next')).toMatch(/^\/mail\/read\?folder=INBOX&uid=\d+&uidvalidity=\d+$/);
    expect(new URL(to.searchParams.get('next')!, base()).searchParams.get('uid')).toBe(new URL(message, base()).searchParams.get('uid'));

    // In a browser: the sign-in form says why, and signing in lands on the message with its download.
    const page = await freshPage(false);
    await page.goto(base() + download!);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('p[role=alert]').textContent()).resolves.toBe('Your session has ended. Please sign in again.');
    await page.getByLabel('Username').fill(alice.user);
    await page.getByLabel('Password').fill(alice.password);
    await Promise.all([page.waitForURL((u) => u.searchParams.has('uid')), page.getByRole('button', { name: 'Sign in' }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SPECIAL.largeAttachment);
    await expect(page.getByRole('link', { name: `Download ${LARGE_ATTACHMENT_NAME}` }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('a signed-out cookie (copied before sign-out) is sent to sign in too', async () => {
    const cookie = await sessionCookie();
    const { download } = await linksOf(cookie, SPECIAL.forwarded);
    const out = await fetch(`${base()}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: base() } });
    expect(out.status).toBe(303);
    const res = await fetch(base() + download!, { redirect: 'manual', headers: { Cookie: cookie } });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location')!, base()).pathname).toBe('/login');
  });

  it('a part that does not exist answers 404 with a page that leads back to the message', async () => {
    const cookie = await sessionCookie();
    const { message, download } = await linksOf(cookie, SPECIAL.forwarded);
    const missing = new URL(download!, base());
    missing.searchParams.set('part', '9');
    const res = await fetch(missing, { headers: { Cookie: cookie } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const html = await res.text();
    expect(html).toContain('This part of the message does not exist.');
    const back = /<a href="([^"]+)">Back to the message<\/a>/.exec(html)![1].replace(/&amp;/g, '&');
    expect(new URL(back, base()).searchParams.get('uid')).toBe(new URL(message, base()).searchParams.get('uid'));

    // And in a browser the way back works.
    const page = await freshPage(false);
    await signIn(page, base(), alice.user, alice.password);
    const shown = await page.goto(missing.toString());
    expect(shown?.status()).toBe(404);
    await page.getByRole('link', { name: 'Back to the message' }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SPECIAL.forwarded);
    await page.context().close();
  });

  it('a message that is gone, or a malformed link, answers with the table’s status and a way on', async () => {
    const cookie = await sessionCookie();
    const gone = await fetch(`${base()}/mail/part?folder=INBOX&uid=999999&part=1`, { headers: { Cookie: cookie } });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('This message does not exist any more.');
    for (const bad of ['folder=INBOX&uid=7&part=1.0', 'folder=INBOX&uid=abc&part=1', 'folder=INBOX&uid=7']) {
      const res = await fetch(`${base()}/mail/part?${bad}`, { headers: { Cookie: cookie } });
      expect(res.status, bad).toBe(400);
      const html = await res.text();
      expect(html, bad).toContain('This link is not valid.');
      expect(html, bad).toContain('<a href="/mail">Go to Inbox</a>');
    }
  });
});

describe('the error page of a part link in a text browser', () => {
  it('reads as heading, message and a way on in w3m', () => {
    const text = execFileSync('w3m', ['-dump', '-cols', '100', `${base()}/mail/part?folder=INBOX&uid=7&part=1.0`], { encoding: 'utf8', timeout: 20_000 });
    expect(text).toMatch(/This part could not be opened\s+This link is not valid\.\s+Go to Inbox/);
  });
});

describe('dates', () => {
  it('a message with a garbage Date header shows the same date in the list and on its page', async () => {
    const page = await freshPage(false);
    await signIn(page, base(), alice.user, alice.password);
    const row = page.getByRole('table', { name: 'Messages' }).getByRole('row').filter({ has: page.getByRole('link', { name: SPECIAL.badDate, exact: true }) });
    const listed = await row.locator('time').getAttribute('datetime');
    expect(listed).toMatch(/^\d{4}-\d\d-\d\dT/);
    await row.getByRole('link', { name: SPECIAL.badDate, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    expect(await page.locator('main time').first().getAttribute('datetime')).toBe(listed);
    expect(await page.locator('main').innerText()).not.toContain('(no date)');
    await page.context().close();
  });
});

describe('Cache-Control', () => {
  it('is exactly NO_STORE on every page and every part answer, signed in or not', async () => {
    const NO_STORE = 'private, no-store, max-age=0';
    const cookie = await sessionCookie();
    const { message, download } = await linksOf(cookie, SPECIAL.forwarded);
    const get = (path: string, signedIn = true) => fetch(base() + path, { redirect: 'manual', headers: signedIn ? { Cookie: cookie } : {} });
    const answers: Array<[string, Response]> = [
      ['/login', await get('/login', false)],
      ['/settings', await get('/settings')],
      ['/mail', await get('/mail?folder=INBOX')],
      ['/mail/read', await get(message)],
      ['download', await get(download!)],
      ['download, signed out (303)', await get(download!, false)],
      ['missing part (404)', await get(download!.replace(/part=[^&]+/, 'part=9'))],
    ];
    for (const [what, res] of answers) {
      expect(res.status, what).toBeLessThan(500);
      expect(res.headers.get('cache-control'), what).toBe(NO_STORE);
      await res.body?.cancel();
    }
  });
});

describe('the whole message', () => {
  it('downloads as an .eml streamed from IMAP, and shows its source as plain text', async () => {
    const cookie = await sessionCookie();
    const { message } = await linksOf(cookie, SPECIAL.largeAttachment);
    const page = await (await fetch(base() + message, { headers: { Cookie: cookie } })).text();
    const eml = /href="(\/mail\/raw\?[^"]+)" download=""/.exec(page)?.[1].replace(/&amp;/g, '&');
    const source = /href="(\/mail\/raw\?[^"]+view=source)"/.exec(page)?.[1].replace(/&amp;/g, '&');
    expect(eml).toBeDefined();
    expect(source).toBeDefined();
    const res = await fetch(base() + eml!, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('message/rfc822');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; .*\.eml/);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const bytes = Buffer.from(await res.arrayBuffer());
    // The message as stored: its headers, then the 20 MiB attachment base64-encoded in it.
    expect(bytes.subarray(0, 4096).toString('latin1')).toMatch(/^Subject: Lab report with data \(large attachment\)\r$/m);
    expect(bytes.length).toBeGreaterThan(20 * 1024 * 1024);
    const text = await fetch(base() + source!, { headers: { Cookie: cookie } });
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.headers.get('content-disposition')).toBe('inline');
    expect(text.headers.get('x-content-type-options')).toBe('nosniff');
    // The first chunk only, then the reader goes away (a closed tab): the app lets go of the stream, no error.
    const reader = text.body!.getReader();
    const head = (await reader.read()).value!;
    expect(Buffer.from(head).toString('latin1')).toMatch(/Subject: Lab report/);
    await reader.cancel();
  });

  it('a message that does not exist answers 404 with a page that leads back', async () => {
    const cookie = await sessionCookie();
    const res = await fetch(`${base()}/mail/raw?folder=INBOX&uid=999999`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('This message could not be saved');
    expect(html).toContain('This message does not exist any more');
    expect(html).toMatch(/href="\/mail\/read\?folder=INBOX&amp;uid=999999"/);
  });
});
