// Basic HTML: every page as HTML and CSS only (server.mjs takes Next.js's scripts, script preloads and hydration data
// out on the way), reached by Save-Data, the sign-in page's "Basic HTML version" link or the settings, with a
// "Standard view" link on every page back to the standard view, which is then kept.
import { describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { fileBrowserPages, signIn } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';
import { advancedSearchUrl, composeUrl, conversationUrl, folderUrl, manageFoldersUrl, replyUrl, settingsUrl } from '@/lib/urls';

const base = () => inject('appUrl');
const freshPage = fileBrowserPages();

/** What of the framework's JavaScript a page holds: any of it is a failure of Basic HTML. */
function scriptsIn(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*>/gi)) found.push(m[0]);
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) if (/modulepreload|as="script"/i.test(m[0])) found.push(m[0]);
  if (html.includes('__next_f')) found.push('self.__next_f (hydration data)');
  if (/<noscript/i.test(html)) found.push('<noscript>');
  return found;
}

const unescape = (s: string) => s.replace(/&amp;/g, '&');

describe('Basic HTML pages', () => {
  it('carry no script, no script preload and no hydration data, on every kind of page, and a "Standard view" link', async () => {
    const cookie = await sessionCookie();
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await fetch(base() + path, { headers: { Cookie: cookie, 'Save-Data': 'on', ...headers } });
      return { res, html: await res.text() };
    };
    const { html: inbox } = await get(folderUrl('INBOX'));
    const pane = unescape(new RegExp(`href="(/mail\\?[^"]+)"[^>]*>${SPECIAL.newsletter}<`).exec(inbox)![1]);
    const uid = Number(new URLSearchParams(pane.split('?')[1]).get('uid'));
    const pages = [
      folderUrl('INBOX'),
      folderUrl('INBOX', 2),
      pane,
      pane.replace('/mail?', '/mail/read?'),
      `${folderUrl('INBOX')}&q=Fixture`,
      advancedSearchUrl('INBOX'),
      conversationUrl('INBOX', uid),
      settingsUrl(),
      manageFoldersUrl(),
      composeUrl(),
      replyUrl('INBOX', uid, 'all'),
      `${folderUrl('INBOX')}&sort=from`,
      '/mail?folder=No%20such%20folder',
    ];
    for (const path of pages) {
      const { res, html } = await get(path);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(scriptsIn(html), path).toEqual([]);
      // Nothing may run even so; and the page is whole.
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'none'");
      expect(html, path).toMatch(/<\/html>\s*$/);
      expect(html, path).toMatch(/<a href="\/view\?to=standard&amp;back=[^"]+"[^>]*>Standard view<\/a>/);
      expect(html, path).toContain('<link rel="stylesheet"');
    }
    // The sign-in page, signed out, too.
    const login = await fetch(`${base()}/login`, { headers: { 'Save-Data': 'on' } });
    const loginHtml = await login.text();
    expect(scriptsIn(loginHtml)).toEqual([]);
    expect(loginHtml).toContain('Standard view');
    expect(loginHtml).not.toContain('Basic HTML version');

    // The same pages in the standard view do carry Next.js's scripts: the check above can see them.
    const standard = await fetch(base() + folderUrl('INBOX'), { headers: { Cookie: cookie } });
    const standardHtml = await standard.text();
    expect(scriptsIn(standardHtml).length).toBeGreaterThan(2);
    expect(standardHtml).not.toContain('Standard view');
    expect(standard.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
  });

  it('have the sign-in page readable before its stylesheet: the CSS it uses inline, the stylesheet after the content', async () => {
    const html = await (await fetch(`${base()}/login`, { headers: { 'Save-Data': 'on' } })).text();
    const head = html.slice(0, html.indexOf('<body'));
    expect(head).toMatch(/<style>[^<]*\.bg-surface\{[^<]*<\/style>/);
    expect(head).not.toContain('rel="stylesheet"');
    expect(html.indexOf('<link rel="stylesheet"')).toBeGreaterThan(html.indexOf('</main>'));
    // The standard view keeps the stylesheet in the head, where React expects it.
    const standard = await (await fetch(`${base()}/login`)).text();
    expect(standard.slice(0, standard.indexOf('<body'))).toContain('rel="stylesheet"');
    expect(standard).not.toMatch(/<style>[^<]*\.bg-surface\{/);

    // Drawn the same without the stylesheet as with it, light and dark: the inline rules are all it needs.
    for (const colorScheme of ['light', 'dark'] as const) {
      const shots: Buffer[] = [];
      for (const blockStylesheet of [false, true]) {
        const page = await freshPage({ javaScript: false, basic: true });
        await page.emulateMedia({ colorScheme });
        let blocked = 0;
        if (blockStylesheet) await page.route(/\.css(\?|$)/, (route) => (blocked++, route.abort()));
        await page.goto(`${base()}/login`);
        // The linked stylesheet's rules are there only when it loaded.
        const linkedRules = await page.evaluate(() =>
          [...document.styleSheets]
            .filter((s) => s.href)
            .reduce((n, s) => {
              try {
                return n + s.cssRules.length;
              } catch {
                return n; // a sheet that did not load has no rules to read
              }
            }, 0),
        );
        if (blockStylesheet) expect([blocked, linkedRules]).toEqual([1, 0]);
        else expect(linkedRules).toBeGreaterThan(0);
        shots.push(await page.screenshot({ fullPage: true }));
        await page.context().close();
      }
      expect(shots[1].equals(shots[0]), `${colorScheme}: the page without its stylesheet looks different`).toBe(true);
    }
  });

  it('are smaller: the inbox without its hydration data', async () => {
    const cookie = await sessionCookie();
    const size = async (headers: Record<string, string>) => (await (await fetch(base() + folderUrl('INBOX'), { headers: { Cookie: cookie, ...headers } })).text()).length;
    const standard = await size({});
    const basic = await size({ 'Save-Data': 'on' });
    expect(basic).toBeLessThan(standard * 0.75);
  });
});

/** The view cookie this browser holds, if any. */
async function viewCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === 'feather-view')?.value;
}

async function scriptCount(page: Page): Promise<number> {
  return page.locator('script').count();
}

describe('choosing the view', () => {
  it('from the sign-in page: "Basic HTML version", then "Standard view" on any page, kept even with Save-Data', async () => {
    const page = await freshPage(true);
    await page.goto(`${base()}/login?next=${encodeURIComponent('/settings')}`);
    expect(await scriptCount(page)).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Basic HTML version' }).click();
    await page.waitForURL((u) => u.pathname === '/login');
    // Back on the sign-in page it came from (its return path kept), now without scripts.
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings');
    expect(await scriptCount(page)).toBe(0);
    expect(await viewCookie(page.context())).toBe('basic');
    // As vera: choosing a view while signed in keeps it in the user's settings, on the server.
    await page.getByLabel('Username').fill(TEST_USERS.vera.user);
    await page.getByLabel('Password').fill(TEST_USERS.vera.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/settings'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(await scriptCount(page)).toBe(0);
    await page.goto(base() + folderUrl('INBOX'));
    expect(await scriptCount(page)).toBe(0);
    await expect(page.getByRole('heading', { level: 1 }).first().textContent()).resolves.toMatch(/Inbox/);

    // Saving data or not, the standard view once chosen stays.
    await page.context().setExtraHTTPHeaders({ 'Save-Data': 'on' });
    await page.getByRole('link', { name: 'Standard view' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && u.searchParams.get('folder') === 'INBOX');
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    expect(await scriptCount(page)).toBeGreaterThan(0);
    expect(await viewCookie(page.context())).toBe('standard');
    await page.reload();
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await expect(page.getByRole('link', { name: 'Standard view' }).count()).resolves.toBe(0);
  });

  it('from the settings: "Basic HTML" follows the user to another computer, and leaves with them at sign-out', async () => {
    const { vera } = TEST_USERS;
    const page = await freshPage(true);
    await signIn(page, base(), vera.user, vera.password);
    await page.goto(base() + settingsUrl());
    await page.getByLabel('Basic HTML', { exact: true }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL((u) => u.searchParams.get('saved') === '1');
    // With JavaScript, the next page is rendered in place; it loads itself anew as Basic HTML.
    await expect.poll(() => scriptCount(page)).toBe(0);
    await expect(page.getByLabel('Basic HTML', { exact: true }).isChecked()).resolves.toBe(true);

    // Another computer: basic from the first page after signing in (the settings are on the IMAP server).
    const other = await freshPage(true);
    await signIn(other, base(), vera.user, vera.password);
    await other.getByRole('link', { name: 'Standard view' }).waitFor();
    await other.waitForLoadState('load');
    await other.goto(base() + folderUrl('INBOX'));
    expect(await scriptCount(other)).toBe(0);
    expect(await viewCookie(other.context())).toBe('basic');
    // Signing out takes the user's view away from that computer: the next person gets the standard sign-in page.
    await Promise.all([other.waitForURL((u) => u.pathname === '/login'), other.getByRole('button', { name: 'Sign out' }).click()]);
    expect(await viewCookie(other.context())).toBeUndefined();
    expect(await scriptCount(other)).toBeGreaterThan(0);
    await expect(other.getByRole('link', { name: 'Basic HTML version' }).count()).resolves.toBe(1);

    // Back to automatic: a browser asking to save data gets Basic HTML, another the standard view.
    await page.goto(base() + settingsUrl());
    await page.getByLabel(/^Automatic/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL((u) => u.searchParams.get('saved') === '1');
    expect(await viewCookie(page.context())).toBeUndefined();
    expect(await scriptCount(page)).toBeGreaterThan(0);
    await page.context().setExtraHTTPHeaders({ 'Save-Data': 'on' });
    await page.goto(base() + folderUrl('INBOX'));
    expect(await scriptCount(page)).toBe(0);
  });
});
