// Feather under /webmail behind a real nginx running the shipped site file (deploy/nginx-feather.conf, TLS from the
// rig's CA): health, HTTP to HTTPS, every redirect, the cookie, the client address, a streamed download; then
// sign-in, list, message, download and sign-out in Chromium with JavaScript off and on, with every request the
// browser makes, every link, form and asset on the pages and every redirect under /webmail.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deterministicBytes } from '../../rig/seed-data';
import { launchBrowser } from '../helpers/browser';
import { LARGE_ATTACHMENT_BYTES, LARGE_ATTACHMENT_NAME, PAGE_SIZE, SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { SUBPATH as P, SUBPATH_APP_LOG } from '../helpers/global-subpath';
import { multipart, open, request, setCookie, type RequestOptions } from '../helpers/https';
import { proxyControl } from '../helpers/proxy-control';

const site = () => inject('subpathUrl');
const tls = (): Pick<RequestOptions, 'caFile'> => ({ caFile: inject('subpathCaFile') });
const alice = TEST_USERS.alice;
const ATTACHMENT_SHA256 = createHash('sha256').update(deterministicBytes(LARGE_ATTACHMENT_BYTES)).digest('hex');

/** A path of this app: the base path itself or under it. */
const underBase = (pathname: string) => pathname === P || pathname.startsWith(P + '/');

function decode(href: string): string {
  return href.replace(/&amp;/g, '&');
}

/** The app's log lines for the request with this id (server.mjs writes one when the answer is done). */
function logLinesOf(requestId: string): Array<{ status: number; aborted?: boolean; req: { path: string; client: string } }> {
  return fs
    .readFileSync(SUBPATH_APP_LOG, 'utf8')
    .split('\n')
    .filter((l) => l.includes(requestId) && l.includes('"msg":"request"'))
    .map((l) => JSON.parse(l));
}

/** Signs in as a browser without JavaScript does, through nginx; the answer's Location and the cookie it sets. */
async function signInOverHttp(next: string): Promise<{ location: string; cookie: string; attributes: string[] }> {
  const form = await request(`${site()}${P}/login`, tls());
  const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(form.body.toString())?.[1];
  expect(actionField).toBeDefined();
  const { body, contentType } = await multipart({ [actionField!]: '', next, username: alice.user, password: alice.password });
  const res = await request(`${site()}${P}/login`, { ...tls(), method: 'POST', body, headers: { 'Content-Type': contentType, Origin: site() } });
  expect(res.status).toBe(303);
  const cookie = setCookie(res.headers, 'feather_session');
  expect(cookie).toBeDefined();
  return { location: String(res.headers.location), cookie: cookie!.pair, attributes: cookie!.attributes };
}

/** A redirect's Location: absolute (lynx stops on a bare path), on this site; its path and query. */
function own(location: unknown): string {
  const u = new URL(String(location));
  expect(u.origin).toBe(site());
  return u.pathname + u.search;
}

/** The download link of the large attachment, as the message page (through nginx) has it. */
async function downloadHref(cookie: string): Promise<string> {
  const list = (await request(`${site()}${P}/mail?folder=INBOX`, { ...tls(), headers: { Cookie: cookie } })).body.toString();
  const message = new RegExp(`href="([^"]+)"[^>]*>${SPECIAL.largeAttachment.replace(/[()]/g, '\\$&')}<`).exec(list)?.[1];
  // A row opens its message in the reading pane (/mail?…&uid=…), under the base path like every link.
  expect(message).toMatch(new RegExp(`^${P}/mail\\?folder=INBOX&amp;uid=\\d+`));
  const page = (await request(site() + decode(message!), { ...tls(), headers: { Cookie: cookie } })).body.toString();
  // The attachment's download (the message's own .eml link, /mail/raw, comes first).
  const download = new RegExp(`href="(${P}/mail/part\\?[^"]+)" download=`).exec(page)?.[1];
  expect(download).toMatch(new RegExp(`^${P}/mail/part\\?`));
  return decode(download!);
}

async function readAll(res: IncomingMessage, hash: ReturnType<typeof createHash>): Promise<number> {
  let n = 0;
  for await (const chunk of res) {
    hash.update(chunk as Buffer);
    n += (chunk as Buffer).length;
  }
  return n;
}

describe('behind nginx, over HTTP', () => {
  it('/webmail/health answers through nginx; the site root is not Feather', async () => {
    const res = await request(`${site()}${P}/health`, tls());
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ status: 'ok', imap: 'ok' });
    expect(res.headers['cache-control']).toMatch(/no-store/);
    // Outside /webmail nginx answers itself: Feather (which tags every answer with X-Request-Id) never sees it.
    for (const outside of ['/health', '/mail', '/login', '/_next/static/x.js']) {
      const other = await request(site() + outside, tls());
      expect(other.status, outside).toBe(404);
      expect(other.headers['x-request-id'], outside).toBeUndefined();
    }
  });

  it('plain HTTP is sent to https, the path kept', async () => {
    const res = await fetch(`${inject('subpathHttpUrl')}${P}/mail?folder=INBOX`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`https://127.0.0.1${P}/mail?folder=INBOX`);
  });

  it('every redirect, from sign-in to sign-out, stays under /webmail; the cookie is Secure and for /webmail only', async () => {
    const locations: string[] = [];
    const redirectOf = async (path: string, opts: Partial<RequestOptions> = {}) => {
      const res = await request(site() + path, { ...tls(), ...opts });
      expect(res.status, path).toBeGreaterThanOrEqual(300);
      expect(res.status, path).toBeLessThan(400);
      locations.push(String(res.headers.location));
      return res;
    };
    expect(own((await redirectOf(`${P}/`)).headers.location)).toBe(P);
    expect(own((await redirectOf(P)).headers.location)).toBe(`${P}/login`);
    const signedOut = await redirectOf(`${P}/mail?folder=INBOX&page=2`);
    const to = new URL(String(signedOut.headers.location), site());
    expect(to.pathname).toBe(`${P}/login`);
    expect(to.searchParams.get('next')).toBe(`${P}/mail?folder=INBOX&page=2`);

    // Signing in (no JavaScript: a 303 from the server action) goes where `next` said.
    const { location, cookie, attributes } = await signInOverHttp(to.searchParams.get('next')!);
    locations.push(location);
    expect(own(location)).toBe(`${P}/mail?folder=INBOX&page=2`);
    expect(attributes).toEqual(expect.arrayContaining([`Path=${P}`, 'Secure', 'HttpOnly', 'SameSite=lax']));
    expect(attributes.filter((a) => a.startsWith('Path='))).toEqual([`Path=${P}`]);
    const list = await request(location, { ...tls(), headers: { Cookie: cookie } });
    expect(list.status).toBe(200);
    expect(list.headers['strict-transport-security']).toBe('max-age=31536000');

    // Signed in: the sign-in page and the home page lead to the mail; a GET of /logout signs nobody out.
    expect(own((await redirectOf(`${P}/login`, { headers: { Cookie: cookie } })).headers.location)).toBe(`${P}/mail`);
    expect(own((await redirectOf(P, { headers: { Cookie: cookie } })).headers.location)).toBe(`${P}/mail`);
    expect(own((await redirectOf(`${P}/logout`, { headers: { Cookie: cookie } })).headers.location)).toBe(`${P}/mail`);

    // A download link without a sign-in: to sign in, and back to the message afterwards.
    const download = await downloadHref(cookie);
    const anonymous = new URL(String((await redirectOf(download)).headers.location), site());
    expect(anonymous.pathname).toBe(`${P}/login`);
    expect(anonymous.searchParams.get('next')).toMatch(new RegExp(`^${P}/mail/read\\?folder=INBOX&uid=\\d+&uidvalidity=\\d+$`));

    // "Text only" (a server action posted by a plain form) comes back to the page it was pressed on.
    const messagePage = (await request(site() + anonymous.searchParams.get('next')!, { ...tls(), headers: { Cookie: cookie } })).body.toString();
    // The "Text only" form's own action id and return field (the message's action forms come before it).
    const textOnlyForm = messagePage.split('<form').find((f) => f.includes('name="textOnly"')) ?? '';
    const textOnlyAction = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(textOnlyForm)?.[1];
    const back = /name="back" value="([^"]+)"/.exec(textOnlyForm)?.[1];
    expect(decode(back!)).toBe(anonymous.searchParams.get('next'));
    const pref = await multipart({ [textOnlyAction!]: '', back: decode(back!), textOnly: 'on' });
    const saved = await redirectOf(decode(back!), { method: 'POST', body: pref.body, headers: { 'Content-Type': pref.contentType, Origin: site(), Cookie: cookie } });
    expect(own(saved.headers.location)).toBe(decode(back!));
    // And off again: preferences are kept on the server (METADATA), where the browser tests below would find it.
    const off = await multipart({ [textOnlyAction!]: '', back: decode(back!), textOnly: 'off' });
    expect(own((await redirectOf(decode(back!), { method: 'POST', body: off.body, headers: { 'Content-Type': off.contentType, Origin: site(), Cookie: cookie } })).headers.location)).toBe(decode(back!));

    // Sign-out: to the sign-in page, the cookie cleared for /webmail.
    const out = await redirectOf(`${P}/logout`, { method: 'POST', headers: { Cookie: cookie, Origin: site() } });
    expect(own(out.headers.location)).toBe(`${P}/login?signedout=1`);
    expect(setCookie(out.headers, 'feather_session')?.attributes).toEqual(expect.arrayContaining([`Path=${P}`, 'Max-Age=0']));

    expect(locations.filter((l) => !underBase(new URL(l, site()).pathname) || new URL(l, site()).origin !== site())).toEqual([]);
  });

  it('the app sees the client nginx names, not one the client made up (TRUSTED_PROXIES=127.0.0.1)', async () => {
    const res = await request(`${site()}${P}/login`, { ...tls(), localAddress: '127.0.0.3', headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(res.status).toBe(200);
    const id = String(res.headers['x-request-id']);
    await expect.poll(() => logLinesOf(id).length).toBe(1);
    expect(logLinesOf(id)[0].req).toMatchObject({ path: `${P}/login`, client: '127.0.0.3' });
  });

  it('refuses a body over the upload limit (client_max_body_size) before Feather sees it', async () => {
    // Only the headers: nginx answers on the declared length.
    const res = await open(`${site()}${P}/login`, { ...tls(), method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(27 * 1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['x-request-id']).toBeUndefined();
    res.destroy();
  });

  it('a download streams through nginx: the app reads IMAP only as fast as the browser takes the bytes', async () => {
    const { cookie } = await signInOverHttp(`${P}/mail`);
    const href = await downloadHref(cookie);
    await proxyControl.reset();
    const res = await open(site() + href, { ...tls(), headers: { Cookie: cookie, 'Accept-Encoding': 'gzip, br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${LARGE_ATTACHMENT_NAME}"`));
    // Passed on as Feather sends it: not compressed (by Feather or nginx), not collected to learn its length.
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBeUndefined();
    const id = String(res.headers['x-request-id']);

    // Take the first megabyte, then stop reading and wait until the app stops fetching from IMAP.
    const hash = createHash('sha256');
    let taken = 0;
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        hash.update(chunk);
        taken += chunk.length;
        if (taken >= 1024 * 1024) {
          res.pause();
          res.off('data', onData);
          resolve();
        }
      };
      res.on('data', onData);
      res.once('error', reject);
    });
    let last = -1;
    let steady = 0;
    await expect
      .poll(
        async () => {
          const now = (await proxyControl.stats()).bytesFromServer;
          steady = now === last ? steady + 1 : 0;
          last = now;
          return steady;
        },
        { interval: 200, timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(5);
    // The app is still sending: had nginx buffered the answer, it would have taken all of it from the app by now,
    // and the app would have logged the request as done. (What did cross the wire sits in the sockets' buffers.)
    const whilePaused = last;
    expect(logLinesOf(id)).toEqual([]);

    // Then the rest: every byte, and the app's log says the answer was complete.
    const rest = await readAll(res, hash);
    expect(taken + rest).toBe(LARGE_ATTACHMENT_BYTES);
    expect(hash.digest('hex')).toBe(ATTACHMENT_SHA256);
    await expect.poll(() => logLinesOf(id).length).toBe(1);
    expect(logLinesOf(id)[0]).toMatchObject({ status: 200, req: { path: `${P}/mail/part` } });
    expect(logLinesOf(id)[0].aborted).toBeUndefined();
    const whole = (await proxyControl.stats()).bytesFromServer;
    expect(whole).toBeGreaterThan(LARGE_ATTACHMENT_BYTES);
    expect(whilePaused).toBeLessThan(whole * 0.95);
    // And nginx never put the answer in a temporary file (it logs a warning when it does).
    expect(fs.readFileSync(inject('subpathNginxErrorLog'), 'utf8')).not.toMatch(/buffered to a temporary file/);
  });
});

describe.each([{ javaScript: false }, { javaScript: true }])('behind nginx, in Chromium (JavaScript $javaScript)', ({ javaScript }) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Every URL the page refers to (links, forms, stylesheets, scripts, images), as the browser resolves them. */
  async function urlsOn(page: Page): Promise<string[]> {
    return page.evaluate(() => [
      ...[...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
      // A server action's form that React rendered in the browser (after a client-side navigation) has React's
      // guard "javascript:throw …" as its action: React posts it itself, the browser never goes there.
      ...[...document.querySelectorAll('form')].map((f) => f.action).filter((a) => !a.startsWith('javascript:throw new Error(')),
      ...[...document.querySelectorAll('link[href]')].map((l) => (l as HTMLLinkElement).href),
      ...[...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).src),
      ...[...document.querySelectorAll('img[src], iframe[src], source[src]')].map((i) => (i as HTMLImageElement).src),
    ]);
  }

  function outside(urls: string[]): string[] {
    return urls.filter((u) => {
      const url = new URL(u);
      return url.origin !== site() || !underBase(url.pathname);
    });
  }

  it('sign in, the list, a message, its download and sign out: everything under /webmail', async () => {
    const context: BrowserContext = await browser!.newContext({ javaScriptEnabled: javaScript, ignoreHTTPSErrors: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const requested: string[] = [];
    const redirects: string[] = [];
    const stylesheets: Array<{ url: string; status: number }> = [];
    context.on('request', (r) => requested.push(r.url()));
    context.on('response', (r) => {
      if (r.status() >= 300 && r.status() < 400) redirects.push(new URL(r.headers().location ?? '', r.url()).toString());
      if (r.request().resourceType() === 'stylesheet') stylesheets.push({ url: r.url(), status: r.status() });
    });
    const page = await context.newPage();
    const seen: string[] = [];

    // The site's /webmail/ (as typed): to the sign-in form.
    await page.goto(`${site()}${P}/`);
    expect(new URL(page.url()).pathname).toBe(`${P}/login`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in to Feather');
    seen.push(...(await urlsOn(page)));

    await page.getByLabel('Username').fill(alice.user);
    await page.getByLabel('Password').fill(alice.password);
    await Promise.all([page.waitForURL((u) => u.pathname === `${P}/mail`), page.getByRole('button', { name: 'Sign in' }).click()]);
    const rows = page.getByRole('table', { name: 'Messages' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(PAGE_SIZE);
    // The stylesheet came through and applies (Tailwind's border-collapse on the list).
    await expect(page.locator('table.message-list').evaluate((t) => getComputedStyle(t).borderCollapse)).resolves.toBe('collapse');
    seen.push(...(await urlsOn(page)));
    const cookies = (await context.cookies()).filter((c) => c.name === 'feather_session');
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ path: P, secure: true, httpOnly: true, sameSite: 'Lax' });

    await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.largeAttachment, exact: true }).click();
    await page.waitForURL((u) => u.pathname === `${P}/mail` && u.searchParams.has('uid'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(SPECIAL.largeAttachment);
    seen.push(...(await urlsOn(page)));

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download ${LARGE_ATTACHMENT_NAME}` }).click()]);
    expect(download.suggestedFilename()).toBe(LARGE_ATTACHMENT_NAME);
    expect(new URL(download.url()).pathname).toBe(`${P}/mail/part`);
    const saved = fs.readFileSync(await download.path());
    expect(saved.length).toBe(LARGE_ATTACHMENT_BYTES);
    expect(createHash('sha256').update(saved).digest('hex')).toBe(ATTACHMENT_SHA256);

    // "Text only" is a server action: it comes back to this message.
    const here = page.url();
    await page.getByRole('button', { name: 'Text only' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Show formatted (HTML)' }).count()).toBe(1);
    expect(page.url()).toBe(here);
    // And back: the preference is kept on the server (METADATA), where the next run of this test would find it.
    await page.getByRole('button', { name: 'Show formatted (HTML)' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Text only' }).count()).toBe(1);

    await Promise.all([page.waitForURL((u) => u.pathname === `${P}/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await expect.poll(() => page.getByText('You are signed out.').isVisible()).toBe(true);
    expect((await context.cookies()).filter((c) => c.name === 'feather_session')).toEqual([]);
    seen.push(...(await urlsOn(page)));
    await context.close();

    expect(stylesheets.length).toBeGreaterThan(0);
    expect(stylesheets.filter((s) => s.status !== 200)).toEqual([]);
    expect(seen.length).toBeGreaterThan(PAGE_SIZE);
    expect(outside(seen)).toEqual([]);
    expect(redirects.length).toBeGreaterThan(0);
    expect(outside(redirects)).toEqual([]);
    expect(requested.length).toBeGreaterThan(5);
    expect(outside(requested)).toEqual([]);
  });
});
