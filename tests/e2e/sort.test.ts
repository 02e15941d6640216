// "Sort by" and "Group by conversation" in Chromium, with JavaScript on and off, on the search corpus's account.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_MODES, fileBrowserPages, signIn, type BrowserMode } from '../helpers/browser';
import { SEARCH_CORPUS, TEST_USERS } from '../helpers/fixtures';

const sam = TEST_USERS.sam;
const freshPage = fileBrowserPages();
const inbox = SEARCH_CORPUS.filter((m) => !m.folder);
const list = (page: Page) => page.getByRole('table', { name: 'Messages' });
const subjects = async (page: Page) => (await list(page).locator('a[data-nav="message"]').allTextContents()).map((s) => s.trim());
const baseSubject = (s: string) => s.replace(/^(re:\s*)+/i, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

async function signedIn(mode: BrowserMode): Promise<Page> {
  const { javaScript } = mode;
  const page = await freshPage(mode);
  await signIn(page, inject('appUrl'), sam.user, sam.password);
  if (javaScript) await page.waitForFunction(() => document.documentElement.dataset.enhanced === 'true');
  return page;
}

describe.each(BROWSER_MODES)('sorting and conversations ($label)', ({ javaScript, basic }) => {
  it('sorts by subject, keeps the order in the message’s Previous/Next and on the way back', async () => {
    const page = await signedIn({ javaScript, basic });
    const choose = page.getByLabel('Sort by', { exact: true }).selectOption('subject');
    if (javaScript) {
      // A new key is sorted at once, in its usual direction (A first).
      await Promise.all([page.waitForURL((u) => u.searchParams.get('sort') === 'subject'), choose]);
    } else {
      await choose;
      await page.getByLabel('Order', { exact: true }).selectOption('asc');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('sort') === 'subject'), page.getByRole('button', { name: 'Sort', exact: true }).click()]);
    }
    // The form sends both menus; subject's usual direction is A first.
    expect(new URL(page.url()).searchParams.get('order')).toBe('asc');
    const rows = await subjects(page);
    expect(rows).toHaveLength(inbox.length);
    expect(rows.map(baseSubject)).toEqual([...rows.map(baseSubject)].sort());
    await expect(page.getByLabel('Sort by', { exact: true }).inputValue()).resolves.toBe('subject');
    await list(page).getByRole('link', { name: rows[3], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('link', { name: 'Next message' }).click();
    await expect.poll(async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe(rows[4]);
    await page.getByRole('link', { name: /^Back to/ }).first().click();
    await page.waitForURL((u) => !u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('subject');
    expect(await subjects(page)).toEqual(rows);
    await page.context().close();
  });

  it('groups by conversation: a row per conversation with its count, unfolded in place or on its own page', async () => {
    const page = await signedIn({ javaScript, basic });
    await Promise.all([page.waitForURL((u) => u.searchParams.get('view') === 'conversations'), page.getByRole('link', { name: 'Group by conversation' }).click()]);
    const conversations = inbox.filter((m) => !m.answers).length;
    await expect(page.locator('main').getByText(`${conversations} conversations`, { exact: true }).count()).resolves.toBe(1);
    expect(await subjects(page)).toHaveLength(conversations);
    const count = list(page).getByRole('link', { name: /^3 messages/ });
    await expect(count.count()).resolves.toBe(1);
    if (javaScript) {
      await count.click();
      await expect.poll(() => list(page).locator('tr[data-member-of]').count()).toBe(3);
      await expect(count.getAttribute('aria-expanded')).resolves.toBe('true');
      expect(page.url()).toMatch(/view=conversations/);
      await count.click();
      await expect.poll(() => list(page).locator('tr[data-member-of]').count()).toBe(0);
    } else {
      await Promise.all([page.waitForURL((u) => u.pathname === '/mail/conversation'), count.click()]);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Budget meeting moved');
      expect(await subjects(page)).toEqual(['Budget meeting moved', 'Re: Budget meeting moved', 'Re: Budget meeting moved']);
      await page.getByRole('link', { name: 'Back to conversations' }).click();
      await page.waitForURL((u) => u.searchParams.get('view') === 'conversations');
    }
    await page.getByRole('link', { name: 'List every message' }).click();
    await page.waitForURL((u) => !u.searchParams.has('view'));
    expect(await subjects(page)).toHaveLength(inbox.length);
    await page.context().close();
  });
});
