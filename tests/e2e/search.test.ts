// Search in Chromium, with JavaScript on and off: a GET form, IMAP SEARCH on the server, results as a list. On the
// plain Dovecot and on the courier-like one (no ESEARCH there: a plain UID SEARCH).
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { signIn, fileBrowserPages } from '../helpers/browser';
import { DEEP_NESTING_TEXT, FIXTURE_PLAIN_COUNT, SPECIAL, TEST_USERS, fixtureSubject } from '../helpers/fixtures';

const alice = TEST_USERS.alice;
const freshPage = fileBrowserPages();

type App = 'appUrl' | 'courierAppUrl';

async function signedInPage(app: App, javaScript: boolean): Promise<Page> {
  const page = await freshPage(javaScript);
  await signIn(page, inject(app), alice.user, alice.password);
  return page;
}

async function search(page: Page, text: string, opts: { body?: boolean } = {}) {
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill(text);
  const box = page.getByRole('checkbox', { name: 'Include message text', exact: true });
  if (opts.body) await box.check();
  else await box.uncheck();
  await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), page.getByRole('button', { name: 'Search', exact: true }).click()]);
}

const subjects = (page: Page) => page.getByRole('table', { name: 'Messages' }).getByRole('link').allTextContents();
const statusLine = (page: Page) => page.locator('main p').first().textContent();

const RUNS = ([
  { layout: 'dovecot', app: 'appUrl' },
  { layout: 'courier-like', app: 'courierAppUrl' },
] as Array<{ layout: DovecotLayout; app: App }>).flatMap((server) => [true, false].map((javaScript) => ({ ...server, javaScript })));

describe.each(RUNS)('search on the $layout server (JavaScript $javaScript)', ({ layout, app, javaScript }) => {
  const projects = folderPathIn(layout, 'Projects');
  it('finds a message by a word of its subject, opens it, and goes back to the results, then clears the search', async () => {
    const page = await signedInPage(app, javaScript);
    await search(page, 'köln');
    const url = new URL(page.url());
    expect(url.pathname).toBe('/mail');
    expect(url.searchParams.get('folder')).toBe('INBOX');
    expect(url.searchParams.get('q')).toBe('köln');
    expect(await statusLine(page)).toMatch(/^1 message matches “köln” in subject, sender or recipients\./);
    expect(await subjects(page)).toEqual([SPECIAL.legacyCharset]);
    // The field keeps what was searched for.
    expect(await page.getByRole('searchbox', { name: 'Search', exact: true }).inputValue()).toBe('köln');

    await page.getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(SPECIAL.legacyCharset);
    await page.getByRole('link', { name: 'Back to search results' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('köln');
    expect(await subjects(page)).toEqual([SPECIAL.legacyCharset]);

    await page.getByRole('link', { name: 'Clear search' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('q'));
    expect((await subjects(page)).length).toBe(50);
    await page.context().close();
  });

  it('pages through many results, newest first, keeping the search', async () => {
    const page = await signedInPage(app, javaScript);
    await search(page, 'Fixture message');
    expect(await statusLine(page)).toMatch(new RegExp(`^${FIXTURE_PLAIN_COUNT} messages match`));
    const pageCount = Math.ceil(FIXTURE_PLAIN_COUNT / 50);
    expect(await page.getByRole('navigation', { name: 'Pages' }).first().textContent()).toContain(`Page 1 of ${pageCount}`);
    expect((await subjects(page))[0]).toBe(fixtureSubject(FIXTURE_PLAIN_COUNT));
    await page.getByRole('link', { name: 'Next page' }).first().click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    expect(new URL(page.url()).searchParams.get('q')).toBe('Fixture message');
    expect((await subjects(page))[0]).toBe(fixtureSubject(FIXTURE_PLAIN_COUNT - 50));
    // A message opened from page 2 of the results comes back to page 2.
    await page.getByRole('table', { name: 'Messages' }).getByRole('link').first().click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('link', { name: 'Back to search results' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await page.context().close();
  });

  it('searches the message text only with "Include message text", and says when nothing matches', async () => {
    const page = await signedInPage(app, javaScript);
    const words = DEEP_NESTING_TEXT.split(' ').slice(-3).join(' ').replace(/\.$/, '');
    await search(page, words);
    expect(await statusLine(page)).toMatch(/^0 messages match/);
    await expect(page.getByText('No messages match.').isVisible()).resolves.toBe(true);
    await search(page, words, { body: true });
    expect(new URL(page.url()).searchParams.get('body')).toBe('1');
    expect(await statusLine(page)).toMatch(/in the whole message\./);
    expect(await subjects(page)).toEqual([SPECIAL.deepNesting]);
    await expect(page.getByRole('checkbox', { name: 'Include message text', exact: true }).isChecked()).resolves.toBe(true);
    await page.context().close();
  });

  it('searches the folder that is shown, and a folder that does not exist gets a clear message', async () => {
    const page = await signedInPage(app, javaScript);
    await page.goto(`${inject(app)}/mail?folder=${encodeURIComponent(projects)}`);
    await search(page, 'köln');
    expect(new URL(page.url()).searchParams.get('folder')).toBe(projects);
    expect(await statusLine(page)).toMatch(/^0 messages match “köln”/);
    await expect(page.getByText('No messages match.').isVisible()).resolves.toBe(true);
    await page.goto(`${inject(app)}/mail?folder=${encodeURIComponent('No such folder')}&q=x`);
    // (Next.js adds a route announcer with role=alert when JavaScript runs: look inside main.)
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/This folder does not exist/);
    expect(await page.content()).not.toMatch(/at .*\.js:\d+|Error:/);
    await page.context().close();
  });
});
