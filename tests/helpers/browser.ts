// Chromium for the end-to-end tests (launched as the rig does it), with fresh contexts and the sign-in form filled.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../rig/chromium';

export const launchBrowser = launchChromium;

/**
 * How a test's browser gets the pages: with JavaScript, without it, or as Basic HTML (the browser asks to save data,
 * so the server sends no scripts at all; the browser's own JavaScript stays on, as in a phone's data-saver mode).
 * What holds without JavaScript must hold in Basic HTML too: `javaScript` is false for both.
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
  return browser.newContext({
    javaScriptEnabled: opts.javaScript || opts.basic === true,
    viewport: { width: opts.width ?? 1280, height: 900 },
    acceptDownloads: true,
    ...(opts.basic ? { extraHTTPHeaders: { 'Save-Data': 'on' } } : {}),
  });
}

export async function signIn(page: Page, baseUrl: string, user: string, password: string, path = '/login'): Promise<void> {
  await page.goto(baseUrl + path);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login') || u.searchParams.has('error')), page.getByRole('button', { name: 'Sign in' }).click()]);
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
