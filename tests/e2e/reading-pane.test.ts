// The reading pane (a message beside the list on wide screens, alone on phones), "Previous message" / "Next message"
// in the order of the list or search a message was opened from, the compact phone toolbar, and folded recipients.
import { describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { BROWSER_MODES, launchBrowser, newContext, signIn, type BrowserMode } from '../helpers/browser';
import { LAB_MEMBERS, SPECIAL, TEST_USERS, fixtureSubject } from '../helpers/fixtures';

const alice = TEST_USERS.alice;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signedIn(opts: BrowserMode & { width?: number }, user = alice): Promise<Page> {
  const page = await (await newContext(browser, opts)).newPage();
  await signIn(page, inject('appUrl'), user.user, user.password);
  return page;
}

const list = (page: Page) => page.getByRole('table', { name: 'Messages' });
const rowSubjects = (page: Page) => list(page).getByRole('link').allTextContents();
const subjectHeading = (page: Page) => page.locator('#subject');

describe.each(BROWSER_MODES)('the reading pane at 1280 px ($label)', ({ javaScript, basic }) => {
  it('opens a message beside the list: both on one page, its row marked current, the URL made of folder and UID', async () => {
    const page = await signedIn({ javaScript, basic });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    await list(page).getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && u.searchParams.has('uid'));
    const url = new URL(page.url());
    expect(url.searchParams.get('folder')).toBe('INBOX');
    expect(Number(url.searchParams.get('uid'))).toBeGreaterThan(0);
    await expect(list(page).isVisible()).resolves.toBe(true);
    await expect(subjectHeading(page).textContent()).resolves.toBe(SPECIAL.legacyCharset);
    await expect(subjectHeading(page).isVisible()).resolves.toBe(true);
    // Side by side: the message starts to the right of the list.
    const listBox = (await list(page).boundingBox())!;
    const messageBox = (await subjectHeading(page).boundingBox())!;
    expect(messageBox.x).toBeGreaterThanOrEqual(listBox.x + listBox.width);
    await expect(list(page).locator('a[aria-current="true"]').textContent()).resolves.toBe(SPECIAL.legacyCharset);
    await expect(page.title()).resolves.toBe(`${SPECIAL.legacyCharset} — Feather`);
    // "Back to Inbox" closes the pane.
    await page.getByRole('link', { name: 'Back to Inbox' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('uid'));
    await expect(subjectHeading(page).count()).resolves.toBe(0);
    await page.context().close();
  });

  it('"Next message" and "Previous message" follow the list, across a page boundary, in the pane', async () => {
    const page = await signedIn({ javaScript, basic });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&page=2');
    const page2 = await rowSubjects(page);
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const page1 = await rowSubjects(page);
    expect(page1).toHaveLength(50);
    // The newest message has nothing before it.
    await list(page).getByRole('link', { name: page1[0], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect(page.getByRole('link', { name: 'Previous message' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Next message' }).click();
    await expect.poll(() => subjectHeading(page).textContent()).toBe(page1[1]);
    // The last row of page 1: "Next message" is the first row of page 2, shown with page 2 of the list.
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    await list(page).getByRole('link', { name: page1[49], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('link', { name: 'Next message' }).click();
    await expect.poll(() => subjectHeading(page).textContent()).toBe(page2[0]);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    await expect(list(page).getByRole('link').first().textContent()).resolves.toBe(page2[0]);
    await page.getByRole('link', { name: 'Previous message' }).click();
    await expect.poll(() => subjectHeading(page).textContent()).toBe(page1[49]);
    expect(new URL(page.url()).searchParams.get('page')).toBeNull();
    await page.context().close();
  });
});

describe('Previous and Next in a search, and on a message page of its own', () => {
  it('follow the search results, and "Back to search results" returns to them', async () => {
    const page = await signedIn({ javaScript: false });
    // The flagged fixtures (every tenth): a search whose order is not the folder's.
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&q=' + encodeURIComponent('Fixture message') + '&flagged=1');
    const results = await rowSubjects(page);
    expect(results).toEqual([100, 90, 80, 70, 60, 50, 40, 30, 20, 10].map(fixtureSubject));
    await list(page).getByRole('link', { name: results[1], exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await page.getByRole('link', { name: 'Next message' }).click();
    await expect.poll(() => subjectHeading(page).textContent()).toBe(results[2]);
    await page.getByRole('link', { name: 'Previous message' }).click();
    await page.getByRole('link', { name: 'Previous message' }).click();
    await expect.poll(() => subjectHeading(page).textContent()).toBe(results[0]);
    await expect(page.getByRole('link', { name: 'Previous message' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Back to search results' }).click();
    await page.waitForURL((u) => !u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('Fixture message');
    expect(new URL(page.url()).searchParams.get('flagged')).toBe('1');
    await page.context().close();
  });

  it('a message on its own page (/mail/read) keeps Previous and Next there', async () => {
    const page = await signedIn({ javaScript: false });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const subjects = await rowSubjects(page);
    const href = (await list(page).getByRole('link', { name: subjects[2], exact: true }).getAttribute('href'))!;
    await page.goto(inject('appUrl') + href.replace('/mail?', '/mail/read?'));
    await expect(page.getByRole('table', { name: 'Messages' }).count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(subjects[2]);
    await page.getByRole('link', { name: 'Next message' }).click();
    await page.waitForURL((u) => u.pathname === '/mail/read');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(subjects[3]);
    await page.getByRole('link', { name: 'Previous message' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(subjects[2]);
    await page.context().close();
  });
});

describe('phones (360 px)', () => {
  it('without JavaScript, the pane URL shows the message alone, its toolbar icons named', async () => {
    const page = await signedIn({ javaScript: false, width: 360 });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    await list(page).getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect(list(page).isVisible()).resolves.toBe(false);
    await expect(subjectHeading(page).isVisible()).resolves.toBe(true);
    const toolbar = page.getByRole('toolbar', { name: 'Message' });
    for (const name of ['Back to Inbox', 'Next message', 'Show all headers']) {
      const item = toolbar.getByRole('link', { name });
      await expect(item.isVisible()).resolves.toBe(true);
      // Only the icon shows: the words are there for screen readers and text browsers, not drawn.
      expect((await item.boundingBox())!.width).toBeLessThan(48);
    }
    // The compact toolbar: one wrapping row of icons, two lines at most (about 44 px each).
    expect((await toolbar.boundingBox())!.height).toBeLessThan(100);
    await page.context().close();
  });

  it('with JavaScript, a row opens the message on a page of its own (no list downloaded to be hidden)', async () => {
    const page = await signedIn({ javaScript: true, width: 360 });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    await page.waitForFunction(() => document.documentElement.dataset.enhanced === 'true');
    await list(page).getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/mail/read');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(SPECIAL.legacyCharset);
    await page.context().close();
  });

  it('rows are two lines: sender and date above the subject', async () => {
    const page = await signedIn({ javaScript: false, width: 360 });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const row = list(page).locator('tbody tr').first();
    const [from, subject, date] = await Promise.all(['.cell-from', '.cell-subject', '.cell-date'].map((c) => row.locator(c).boundingBox()));
    expect(Math.abs(from!.y - date!.y)).toBeLessThan(2);
    expect(subject!.y).toBeGreaterThanOrEqual(from!.y + from!.height - 1);
    expect(date!.x).toBeGreaterThan(from!.x);
    await page.context().close();
  });
});

describe('settings', () => {
  it('"Reading pane" off: rows open messages on their own page', async () => {
    // pat: the setting is kept on the server, and would reach every test signing in as alice meanwhile.
    const page = await signedIn({ javaScript: false }, TEST_USERS.pat);
    await page.goto(inject('appUrl') + '/settings');
    await expect(page.getByLabel('Reading pane').isChecked()).resolves.toBe(true);
    await page.getByLabel('Reading pane').uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(/saved=1/);
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const href = await list(page).getByRole('link').first().getAttribute('href');
    expect(href).toMatch(/^\/mail\/read\?/);
    await page.goto(inject('appUrl') + '/settings');
    await page.getByLabel('Reading pane').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(/saved=1/);
    await page.context().close();
  });
});

describe('recipients', () => {
  it('a long Cc is folded behind "and N more", which opens without JavaScript', async () => {
    const page = await signedIn({ javaScript: false });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    await list(page).getByRole('link', { name: SPECIAL.htmlOnly, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    const more = page.getByText(`and ${LAB_MEMBERS.length - 3} more`, { exact: true });
    await expect(more.isVisible()).resolves.toBe(true);
    // From, To, Cc: what the Cc shows is its first three, until "and 9 more" is opened.
    const cc = page.locator('.header-fields dd').nth(2);
    const shown = await cc.innerText();
    for (const m of LAB_MEMBERS.slice(0, 3)) expect(shown).toContain(`<${m.address}>`);
    for (const m of LAB_MEMBERS.slice(3)) expect(shown).not.toContain(`<${m.address}>`);
    await more.click();
    const opened = await cc.innerText();
    for (const m of LAB_MEMBERS) expect(opened).toContain(`<${m.address}>`);
    await page.context().close();
  });
});
