// Chromium for the end-to-end tests (launched as the rig does it), with fresh contexts and the sign-in form filled.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../rig/chromium';

export const launchBrowser = launchChromium;

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
