// Search in Chromium, with JavaScript on and off: a GET form, IMAP SEARCH on the server, results as a list. On the
// plain Dovecot and on the courier-like one (no ESEARCH there: a plain UID SEARCH).
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { BROWSER_MODES, signIn, fileBrowserPages, type BrowserMode } from '../helpers/browser';
import { DEEP_NESTING_TEXT, FIXTURE_PLAIN_COUNT, SEARCH_CORPUS, SPECIAL, TEST_USERS, fixtureSubject } from '../helpers/fixtures';

const alice = TEST_USERS.alice;
/** The search corpus's account (rig/seed-data.ts SEARCH_CORPUS): its INBOX holds messages 1… of the corpus by UID. */
const sam = TEST_USERS.sam;
const corpusInbox = SEARCH_CORPUS.filter((m) => !m.folder);
const freshPage = fileBrowserPages();

type App = 'appUrl' | 'courierAppUrl';

async function signedInPage(app: App, mode: BrowserMode, user = alice): Promise<Page> {
  const page = await freshPage(mode);
  await signIn(page, inject(app), user.user, user.password);
  return page;
}

async function search(page: Page, text: string, opts: { body?: boolean } = {}) {
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill(text);
  const box = page.getByRole('checkbox', { name: 'Include message text', exact: true });
  if (opts.body) await box.check();
  else await box.uncheck();
  await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), page.getByRole('button', { name: 'Search', exact: true }).click()]);
}

// The rows' subject links (not their label chips, which link to the label's messages).
const subjects = async (page: Page) => (await page.getByRole('table', { name: 'Messages' }).getByRole('link').allTextContents()).filter((s) => !/^\(label:/.test(s));
const statusLine = (page: Page) => page.locator('main p').first().textContent();

const RUNS = ([
  { layout: 'dovecot', app: 'appUrl' },
  { layout: 'courier-like', app: 'courierAppUrl' },
] as Array<{ layout: DovecotLayout; app: App }>).flatMap((server) => BROWSER_MODES.filter((m) => !m.basic || server.layout === 'dovecot').map((mode) => ({ ...server, ...mode })));

describe.each(RUNS)('search on the $layout server ($label)', ({ layout, app, javaScript, basic }) => {
  const projects = folderPathIn(layout, 'Projects');
  it('finds a message by a word of its subject, opens it, and goes back to the results, then clears the search', async () => {
    const page = await signedInPage(app, { javaScript, basic });
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
    const page = await signedInPage(app, { javaScript, basic });
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
    const page = await signedInPage(app, { javaScript, basic });
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
    const page = await signedInPage(app, { javaScript, basic });
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

  it('the search box looks in the message text by default', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    await expect(page.getByRole('checkbox', { name: 'Include message text', exact: true }).isChecked()).resolves.toBe(true);
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('spectrometer');
    await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    // Two have it in the subject, one only in the text.
    expect(await subjects(page)).toEqual(['Spectrometer firmware update', 'Spectrometer calibration data', 'Re: Telescope booking for March']);
    await page.context().close();
  });

  it('advanced search: every condition in one form, combined, as a bookmarkable URL, and changed from the results', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    await page.getByRole('link', { name: 'Advanced search' }).click();
    await page.waitForURL((u) => u.pathname === '/mail/search');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Advanced search');
    await page.getByLabel('From', { exact: true }).fill('marta');
    await page.getByLabel('With label', { exact: true }).fill('finance');
    await page.getByLabel('Since', { exact: true }).fill('2024-03-01');
    await Promise.all([page.waitForURL((u) => u.pathname === '/mail'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    const url = new URL(page.url());
    expect(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''))).toMatchObject({ folder: 'INBOX', from: 'marta', label: 'finance', since: '2024-03-01' });
    expect(await statusLine(page)).toMatch(/^2 messages match from “marta”, labelled “finance”, since 1 Mar 2024\./);
    expect(await subjects(page)).toEqual(['Invoice for laser repair', 'Budget meeting moved']);
    await expect(page.title()).resolves.toBe('Search: from “marta”, labelled “finance”, since 1 Mar 2024 — Feather');
    // The same URL again (a bookmark) gives the same results.
    await page.goto(page.url());
    expect(await subjects(page)).toEqual(['Invoice for laser repair', 'Budget meeting moved']);
    // "Change search": the form, filled in with this search; one more condition narrows it.
    await page.getByRole('link', { name: 'Change search' }).click();
    await page.waitForURL((u) => u.pathname === '/mail/search');
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('marta');
    await expect(page.getByLabel('Since', { exact: true }).inputValue()).resolves.toBe('2024-03-01');
    await page.getByRole('checkbox', { name: 'Flagged', exact: true }).check();
    await page.getByLabel('Smaller than', { exact: true }).fill('10K');
    await Promise.all([page.waitForURL((u) => u.searchParams.get('flagged') === '1'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    expect(await subjects(page)).toEqual(['Invoice for laser repair']);
    await page.context().close();
  });

  it('a search that cannot be run says why, and an empty one asks for something to look for', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    await page.goto(`${inject(app)}/mail?folder=INBOX&since=2024-02-30&larger=huge`);
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/The search could not be done.*“Since” is not a date.*“Larger than” is not a size/);
    await expect(page.getByRole('table', { name: 'Messages' }).count()).resolves.toBe(0);
    await page.goto(`${inject(app)}/mail?folder=INBOX`);
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('   ');
    await Promise.all([page.waitForURL((u) => u.searchParams.has('q')), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/Type what to search for/);
    expect(await page.content()).not.toMatch(/at .*\.js:\d+|Error:/);
    await page.context().close();
  });

  it('finds non-ASCII words, in any case', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    await search(page, 'grüße');
    expect(await subjects(page)).toEqual(['Grüße aus Köln']);
    await search(page, 'KÖLN');
    expect(await subjects(page)).toEqual(['Grüße aus Köln']);
    await search(page, 'бюджете');
    expect(await subjects(page)).toEqual(['Отчёт о бюджете']);
    await page.context().close();
  });

  it('searches older messages below the ones searched before, and goes back to the newest', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    // As "Search older messages" links it: below the UID of the corpus's 10th message.
    await page.goto(`${inject(app)}/mail?folder=INBOX&q=telescope&body=1&below=10`);
    const older = corpusInbox.slice(0, 9).filter((m) => /telescope/i.test(m.subject + ' ' + m.body)).map((m) => m.subject).reverse();
    expect(await subjects(page)).toEqual(older);
    expect(await statusLine(page)).toMatch(/Searched the rest of the folder: 9 messages older than those before\./);
    await page.getByRole('link', { name: 'Back to the newest results' }).click();
    await page.waitForURL((u) => !u.searchParams.has('below'));
    const all = corpusInbox.filter((m) => /telescope/i.test(m.subject + ' ' + m.body)).map((m) => m.subject).reverse();
    expect(await subjects(page)).toEqual(all);
    await page.context().close();
  });

  it('searches all folders: the matches grouped by folder, each a link to its folder’s own search', async () => {
    const page = await signedInPage(app, { javaScript, basic }, sam);
    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('telescope');
    await page.getByRole('checkbox', { name: 'All folders', exact: true }).check();
    await Promise.all([page.waitForURL((u) => u.searchParams.get('scope') === 'all'), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    const research = folderPathIn(layout, 'Research');
    await expect(page.getByRole('heading', { level: 2, name: /^Inbox/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { level: 2, name: /^Research/ }).count()).resolves.toBe(1);
    const inResearch = (await page.getByRole('table', { name: 'Messages in Research' }).locator('a[data-nav="message"]').allTextContents()).map((x) => x.trim());
    expect(inResearch).toEqual(['Archived: telescope proposal']);
    await expect(page.title()).resolves.toBe('Search: telescope in all folders — Feather');
    // Each group's messages open in their own folder.
    await page.getByRole('link', { name: 'Archived: telescope proposal', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('folder')).toBe(research);
    await page.context().close();
  });
});
