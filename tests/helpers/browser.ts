// Debian's Chromium driven by playwright-core (no browser download: /usr/bin/chromium).
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these, Chromium keeps trying Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newContext(browser: Browser, opts: { javaScript: boolean; width?: number }): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: opts.javaScript, viewport: { width: opts.width ?? 1280, height: 900 }, acceptDownloads: true });
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
export function fileBrowserPages(): (javaScript: boolean) => Promise<Page> {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return async (javaScript) => {
    if (!browser) throw new Error('the browser is not launched yet');
    return (await newContext(browser, { javaScript })).newPage();
  };
}
