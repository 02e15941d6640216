// Chromium for the end-to-end tests (launched as the rig does it), with fresh contexts and the sign-in form filled.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../rig/chromium';
import { VIEW_COOKIE } from '../../lib/view.mjs';

export const launchBrowser = launchChromium;

/**
 * How a test's browser gets the pages: with JavaScript, without it, or as Basic HTML (this browser chose it: the
 * server sends no scripts at all; the browser's own JavaScript stays on). What holds without JavaScript must hold
 * in Basic HTML too: `javaScript` is false for both. (The choice is the view cookie, for every app of the suite on
 * 127.0.0.1, rather than `Save-Data: on`: Playwright adds an extra header to a request but not to the request a
 * redirect leads to, as after the sign-in post, while a browser's data saver sends it on every request.)
 */
export interface BrowserMode {
  javaScript: boolean;
  basic?: boolean;
}

/** The three ways, for describe.each: `$label` names them. */
export const BROWSER_MODES: Array<BrowserMode & { label: string }> = [
  { javaScript: true, label: 'JavaScript true' },
  { javaScript: false, label: 'JavaScript false' },
  { javaScript: false, basic: true, label: 'Basic HTML' },
];

export async function newContext(browser: Browser, opts: BrowserMode & { width?: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: opts.javaScript || opts.basic === true, viewport: { width: opts.width ?? 1280, height: 900 }, acceptDownloads: true });
  if (opts.basic) await context.addCookies([{ name: VIEW_COOKIE, value: 'basic', url: 'http://127.0.0.1' }]);
  return context;
}

export async function signIn(page: Page, baseUrl: string, user: string, password: string, path = '/login'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login') || u.searchParams.has('error')), page.getByRole('button', { name: 'Sign in' }).click()]);
  // A Basic HTML run is one only if its pages really come without scripts. (A page rendered in place by the router
  // for a user whose settings say Basic HTML reloads itself as such: give it a moment.)
  const basic = (await page.context().cookies()).some((c) => c.name === VIEW_COOKIE && c.value === 'basic');
  for (let i = 0; basic && (await page.locator('script').count()) > 0; i++) {
    if (i === 50) throw new Error(`a Basic HTML page with scripts: ${page.url()}`);
    await page.waitForTimeout(100);
  }
}

/**
 * One Chromium for a test file, launched before its tests and closed after them. Gives a fresh page in a fresh
 * profile (one lab machine) with JavaScript on or off.
 */
export function fileBrowserPages(): (mode: boolean | BrowserMode) => Promise<Page> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return async (mode) => {
    if (!browser) throw new Error('the browser is not launched yet');
    return (await newContext(browser, typeof mode === 'boolean' ? { javaScript: mode } : mode)).newPage();
  };
}
