// The whole read path in Chromium, once with JavaScript and once without, on the plain Dovecot and on the
// courier-like one (personal prefix "INBOX.", "." delimiter, no LIST-STATUS, SPECIAL-USE or ESEARCH).
import { describe, expect, inject, it } from 'vitest';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { BROWSER_MODES, signIn, fileBrowserPages } from '../helpers/browser';
import { DEEP_NESTING_TEXT, FIXTURE_INBOX_COUNT, FLOWED_REPLY, LARGE_ATTACHMENT_BYTES, LARGE_ATTACHMENT_NAME, NON_ASCII_ATTACHMENT_NAME, NON_ASCII_SENDER, SPECIAL, TEST_USERS } from '../helpers/fixtures';

const alice = TEST_USERS.alice;
const freshPage = fileBrowserPages();

async function openMessage(page: Page, subject: string) {
  await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject, exact: true }).click();
  // In the reading pane beside the list (the default at 1280 px): /mail?folder=…&uid=….
  await page.waitForURL((u) => u.searchParams.has('uid'));
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(subject);
}

const SERVERS = [
  { layout: 'dovecot' as DovecotLayout, app: 'appUrl' as const },
  { layout: 'courier-like' as DovecotLayout, app: 'courierAppUrl' as const },
];
// Basic HTML is the same pages without scripts whatever the server: once, on Dovecot's layout.
const RUNS = SERVERS.flatMap((server) => BROWSER_MODES.filter((m) => !m.basic || server.layout === 'dovecot').map((mode) => ({ ...server, ...mode })));

describe.each(RUNS)('reading mail on the $layout server ($label)', ({ layout, app, javaScript, basic }) => {
  const base = () => inject(app);
  const projects = folderPathIn(layout, 'Projects');

  it('sends a signed-out visitor to /login, and back to the bookmarked page after sign-in', async () => {
    const page = await freshPage({ javaScript, basic });
    await page.goto(base() + '/');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(base() + `/mail?folder=${encodeURIComponent(projects)}&page=1`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill(alice.user);
    await page.getByLabel('Password').fill(alice.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('uid'));
    expect(new URL(page.url()).searchParams.get('folder')).toBe(projects);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Projects');
    await page.context().close();
  });

  it('shows a clear message for a wrong password', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, 'not-the-password');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect.poll(() => page.locator('p[role=alert]').textContent()).toBe('The username or password is not correct.');
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toMatch(/at .*\.js:\d+|Error:/);
    await page.context().close();
  });

  it('shows a clear message when the IMAP server cannot be reached', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, inject('unreachableAppUrl'), alice.user, alice.password);
    await expect.poll(() => page.locator('p[role=alert]').textContent()).toMatch(/cannot be reached/);
    await page.context().close();
  });

  it('shows the folder tree, pages through the list, opens, downloads and signs out', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    expect(new URL(page.url()).pathname).toBe('/mail');

    // Folder tree: special-use first with friendly names, nested folders, non-ASCII names.
    const folders = page.getByRole('navigation', { name: 'Folders' });
    const names = await folders.getByRole('link').allTextContents();
    expect(names[0]).toMatch(/^Inbox/);
    for (const n of ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive', 'Projects', 'Feather', 'Café']) {
      await expect(folders.getByRole('link', { name: new RegExp(`^${n}`) }).count()).resolves.toBe(1);
    }
    expect(names.findIndex((n) => n.startsWith('Archive'))).toBeLessThan(names.findIndex((n) => n.startsWith('Café')));

    // Message list: one table "Messages", 50 rows, newest first, paging.
    const list = page.getByRole('table', { name: 'Messages' });
    await expect(list.getByRole('row').count()).resolves.toBe(51); // header + 50
    await expect(page.getByText('Page 1 of 3').first().isVisible()).resolves.toBe(true);
    await expect(list.getByRole('link', { name: SPECIAL.nonAscii }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Next page' }).first().click();
    await page.waitForURL(/page=2/);
    await expect.poll(() => page.getByText('Page 2 of 3').first().isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Next page' }).first().click();
    await page.waitForURL(/page=3/);
    await expect.poll(() => page.getByRole('table', { name: 'Messages' }).getByRole('row').count()).toBe(FIXTURE_INBOX_COUNT - 100 + 1);
    await page.getByRole('link', { name: 'Previous page' }).first().click();
    await page.waitForURL(/page=2/);

    // Open a legacy-charset message from page 1.
    await page.getByRole('link', { name: /^Inbox/ }).click();
    await page.waitForURL(/folder=INBOX/);
    await openMessage(page, SPECIAL.legacyCharset);
    const body = page.getByRole('region', { name: 'Message body' });
    await expect(body.textContent()).resolves.toContain('Grüße aus Köln');
    const main = await page.locator('main').innerText();
    expect(main).toMatch(/From:/);
    expect(main).toMatch(/Date:/);
    const url = page.url();
    expect(new URL(url).searchParams.get('uid')).toMatch(/^\d+$/);

    // Show all headers: the raw header lines.
    await page.getByRole('link', { name: 'Show all headers' }).click();
    await page.waitForURL(/headers=all/);
    await expect(page.getByRole('region', { name: 'All headers' }).textContent()).resolves.toMatch(/Message-ID/i);

    // The large-attachment message: text shown, attachment downloadable (streamed).
    await page.goto(base() + '/mail?folder=INBOX');
    await openMessage(page, SPECIAL.largeAttachment);
    await expect(page.getByRole('region', { name: 'Message body' }).textContent()).resolves.toMatch(/\w{3,}/);
    const attachments = page.getByRole('region', { name: 'Attachments' });
    const [download] = await Promise.all([page.waitForEvent('download'), attachments.getByRole('link', { name: `Download ${LARGE_ATTACHMENT_NAME}` }).click()]);
    expect(download.suggestedFilename()).toBe(LARGE_ATTACHMENT_NAME);
    const saved = await download.path();
    expect(fs.statSync(saved).size).toBe(LARGE_ATTACHMENT_BYTES);

    // The browser holds no mail: no web storage, no IndexedDB, no service worker.
    if (javaScript) {
      const stored = await page.evaluate(async () => ({
        local: localStorage.length,
        session: Object.keys(sessionStorage).filter((k) => !k.startsWith('__next')).length,
        idb: (await indexedDB.databases()).length,
        workers: (await navigator.serviceWorker.getRegistrations()).length,
      }));
      expect(stored).toEqual({ local: 0, session: 0, idb: 0, workers: 0 });
    }

    // Sign out: back to /login, cookie gone, mail pages closed, and Back shows no mail.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByText('You are signed out.').isVisible()).toBe(true);
    await page.goBack();
    await page.waitForLoadState();
    expect(await page.locator('body').innerText()).not.toContain(SPECIAL.largeAttachment);
    expect((await page.context().cookies()).filter((c) => c.name === 'feather_session')).toHaveLength(0);
    await page.goto(url);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });

  it('sanitizes an HTML newsletter and blocks its remote images until asked', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    await openMessage(page, SPECIAL.newsletter);
    const body = page.getByRole('region', { name: 'Message body' });
    const html = await body.innerHTML();
    expect(html).not.toMatch(/<script|onclick|<form|<style|https:\/\/example\.com[^"]*\.(png|jpg|gif)/i);
    await expect(body.locator('a[href^="http"]').first().getAttribute('rel')).resolves.toBe('noopener noreferrer');
    const show = page.getByRole('link', { name: /^Show images/ });
    await expect(show.count()).resolves.toBe(1);
    await show.click();
    await page.waitForURL(/images=show/);
    await expect(page.getByRole('region', { name: 'Message body' }).locator('img[src^="https:"]').count()).resolves.toBeGreaterThan(0);
    await page.context().close();
  });

  it('shows a plain-text reply as paragraphs, nested quotes and links (proportional, or monospace when chosen), and every date in one format', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    await openMessage(page, SPECIAL.flowedReply);
    const body = page.getByRole('region', { name: 'Message body' });
    await expect(body.locator('pre').count()).resolves.toBe(0);
    // format=flowed: the sender's three lines are one line of one paragraph, wrapped by the browser.
    await expect(body.locator('p').allTextContents()).resolves.toContain(FLOWED_REPLY.joined);
    // Quotes nest: the quote inside the quote is a blockquote in a blockquote.
    await expect(body.locator(':scope > blockquote').count()).resolves.toBe(1);
    await expect(body.locator('blockquote blockquote').textContent()).resolves.toBe(FLOWED_REPLY.nested);
    await expect(body.locator(':scope > blockquote > p').allTextContents()).resolves.toEqual([FLOWED_REPLY.quoted, 'Yes, from nine until noon.']);
    // The URL and the address are links; the javascript: text is only text.
    const url = body.getByRole('link', { name: FLOWED_REPLY.url, exact: true });
    await expect(url.getAttribute('href')).resolves.toBe(FLOWED_REPLY.url);
    await expect(url.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(body.getByRole('link', { name: FLOWED_REPLY.address, exact: true }).getAttribute('href')).resolves.toBe(`mailto:${FLOWED_REPLY.address}`);
    await expect(body.locator('a').count()).resolves.toBe(2);
    await expect(body.textContent()).resolves.toContain(FLOWED_REPLY.script);
    // The signature stays as written, line by line.
    await expect(body.locator(':scope > p').last().innerText()).resolves.toMatch(/^-- ?\nSam O’Neill\nStudent office$/);
    // Proportional and wrapped by default.
    const style = await body.evaluate((el) => ({ font: getComputedStyle(el).fontFamily, whiteSpace: getComputedStyle(el).whiteSpace }));
    expect(style.font).not.toMatch(/mono/i);
    expect(style.whiteSpace).toBe('normal');
    // The monospace preference: a fixed-width font, every space kept, still wrapped; the same blocks.
    const reply = page.url();
    await page.goto(base() + '/settings');
    await page.getByLabel(/monospace/i).check();
    await Promise.all([page.waitForURL(/\/settings\?/), page.getByRole('button', { name: /^Save/ }).click()]);
    await page.goto(reply);
    const mono = page.getByRole('region', { name: 'Message body' });
    const monoStyle = await mono.evaluate((el) => ({ font: getComputedStyle(el).fontFamily, whiteSpace: getComputedStyle(el).whiteSpace }));
    expect(monoStyle.font).toMatch(/monospace/);
    expect(monoStyle.whiteSpace).toBe('pre-wrap');
    await expect(mono.locator('blockquote blockquote').textContent()).resolves.toBe(FLOWED_REPLY.nested);
    // Back to proportional: the preference is kept on the server, and the next run of this test starts from it.
    await page.goto(base() + '/settings');
    await page.getByLabel(/monospace/i).uncheck();
    await Promise.all([page.waitForURL(/\/settings\?/), page.getByRole('button', { name: /^Save/ }).click()]);
    await page.goto(reply);

    // One long date format on a message and on a message forwarded in one.
    const longDate = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}, \d\d:\d\d$/;
    await expect(page.locator('main .header-fields time').first().innerText()).resolves.toMatch(longDate);
    await page.goto(base() + '/mail?folder=INBOX');
    await openMessage(page, SPECIAL.forwarded);
    const forwarded = page.getByRole('region', { name: /^Forwarded message:/ });
    await expect(forwarded.locator('time').innerText()).resolves.toMatch(longDate);
    await expect(forwarded.locator('time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.context().close();
  });

  it('shows a forwarded message inside a message, and errors as messages on the page', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    await openMessage(page, SPECIAL.forwarded);
    await expect(page.getByRole('region', { name: /^Forwarded message:/ }).count()).resolves.toBeGreaterThan(0);
    // A small attachment of the forwarded message, fetched as the browser would: only that part, as a download.
    const csvHref = await page.getByRole('link', { name: 'Download budget-notes.csv' }).getAttribute('href');
    const csv = await page.request.get(base() + csvHref);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename="budget-notes\.csv"/);
    expect(csv.headers()['x-content-type-options']).toBe('nosniff');
    expect(csv.headers()['content-security-policy']).toMatch(/sandbox/);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    expect(await csv.text()).toMatch(/,/);

    // Non-ASCII subject, sender and attachment name, decoded (RFC 2047 / 2231).
    await page.goto(base() + '/mail?folder=inbox');
    await openMessage(page, SPECIAL.nonAscii);
    await expect(page.locator('main').innerText()).resolves.toContain(NON_ASCII_SENDER.name);
    const nonAsciiLink = page.getByRole('link', { name: `Download ${NON_ASCII_ATTACHMENT_NAME}` });
    const nonAscii = await page.request.get(base() + (await nonAsciiLink.getAttribute('href')));
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(nonAscii.headers()['content-disposition'])![1])).toBe(NON_ASCII_ATTACHMENT_NAME);

    // A message too deeply nested for the structure parser still opens, as raw text.
    await page.goto(base() + '/mail?folder=INBOX');
    await openMessage(page, SPECIAL.deepNesting);
    await expect(page.getByRole('region', { name: 'Message body' }).textContent()).resolves.toContain(DEEP_NESTING_TEXT);

    const missingFolder = await page.goto(base() + '/mail?folder=' + encodeURIComponent('No such folder'));
    expect(missingFolder?.status()).toBeLessThan(500);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This folder does not exist' }).count()).toBe(1);
    await page.goto(base() + '/mail/read?folder=INBOX&uid=999999');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This message does not exist any more' }).count()).toBe(1);
    // A link made before the server renumbered the folder (another UIDVALIDITY) does not open whatever the UID names now.
    await page.goto(base() + '/mail?folder=INBOX');
    const href = (await page.getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).getAttribute('href'))!;
    const link = new URL(href, base());
    const validity = link.searchParams.get('uidvalidity')!;
    expect(validity).toMatch(/^\d+$/);
    link.searchParams.set('uidvalidity', String(Number(validity) + 1));
    await page.goto(link.toString());
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This message does not exist any more' }).count()).toBe(1);
    await expect(page.getByRole('heading', { name: SPECIAL.legacyCharset }).count()).resolves.toBe(0);
    await page.context().close();
  });
});
