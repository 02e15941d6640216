// The message list is a client component drawn from its rows' data (components/MessageTable.tsx): the browser
// draws it again while hydrating, and must draw exactly what the server sent, whatever its own clock and language.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn } from '../helpers/browser';
import { TEST_USERS } from '../helpers/fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('hydration', () => {
  it('draws the message list the same in a browser of another time zone and language: no mismatch, no error', async () => {
    // UTC+14 and German: "today", the weekday and the year of a row's date would all differ if the browser made them.
    const context = await browser.newContext({ timezoneId: 'Pacific/Kiritimati', locale: 'de-DE' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    for (const path of ['/mail?folder=INBOX', '/mail?folder=INBOX&view=conversations']) {
      const served = await (await page.request.get(inject('appUrl') + path)).text();
      await page.goto(inject('appUrl') + path);
      await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
      const table = page.getByRole('table', { name: 'Messages' });
      const dates = await table.locator('time').allTextContents();
      expect(dates.length, path).toBeGreaterThan(0);
      // Each date as the server wrote it (in its own time zone) is the one on the screen after hydration.
      expect(dates.filter((d) => !served.includes(`>${d}</time>`)), `${path}: dates the server did not write`).toEqual([]);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
