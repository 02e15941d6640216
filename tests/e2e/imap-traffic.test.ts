// What the app asks of IMAP for each page, counted by the proxy between the app and Dovecot.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, signIn } from '../helpers/browser';
import { BODY_SECTION, FIXTURE_INBOX_COUNT, HUGE_TEXT_END, PAGE_SIZE, ROW_FETCH, SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { E2E_COMMAND_TIMEOUT_SECONDS } from '../helpers/global-app';
import { openConnectionsOf, proxyControl } from '../helpers/proxy-control';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await newContext(browser, { javaScript: false })).newPage();
  await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
});
afterAll(async () => {
  await proxyControl.blackhole(false);
  await browser?.close();
});

const LOGIN = /^(LOGIN|AUTHENTICATE)\b/;

/** The numbers of an IMAP sequence set ("71:120", "3,5:7"); `*` stands for Infinity, so it is never in range. */
function sequenceNumbers(set: string): number[] {
  return set.split(',').flatMap((part) => {
    const [a, b = a] = part.split(':').map((x) => (x === '*' ? Infinity : Number(x)));
    const [lo, hi] = [Math.min(a, b), Math.max(a, b)];
    if (!Number.isFinite(hi) || hi - lo > 100_000) return [lo, Infinity];
    return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  });
}

/** INBOX page 1 (the newest 50) by sequence number. */
const PAGE_1 = { from: FIXTURE_INBOX_COUNT - PAGE_SIZE + 1, to: FIXTURE_INBOX_COUNT };
/**
 * The list page costs about 26 KB from IMAP, the rows' flags and header fields with their previews (37 KB when it
 * asked ENVELOPE and BODYSTRUCTURE of every row); a FETCH of the whole fixture INBOX (1:120) about 68 KB. The tests'
 * Dovecot sets no attachment keywords, so the rows carry their type fields.
 */
const LIST_PAGE_MAX_BYTES = 32 * 1024;

/** A row's link opens the reading pane, which costs the list too: the message's own cost is on its own page. */
const ownPage = (href: string) => href.replace('/mail?', '/mail/read?');

describe('IMAP traffic of page views', () => {
  it('a list page after sign-in: no new connection, no LOGIN, no body section, nothing that grows with the folder', async () => {
    await proxyControl.reset();
    const res = await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    expect(res?.status()).toBe(200);
    const s = await proxyControl.stats();
    console.log(`list page (INBOX, 50 rows): ${s.bytesFromServer} bytes from IMAP, ${s.bytesToServer} bytes to IMAP; commands: ${s.commands.join(' | ')}`);
    expect(s.connections).toBe(0);
    expect(s.commands.some((c) => LOGIN.test(c))).toBe(false);
    expect(s.commands.some((c) => BODY_SECTION.test(c))).toBe(false);
    expect(s.commands.some((c) => /1:\*|SEARCH/.test(c))).toBe(false);
    expect(s.commands.some((c) => /FETCH \d+:\d+ /.test(c))).toBe(true);
    // The rows: one FETCH of exactly page 1's sequence numbers, for their flags, header fields and previews
    // (Dovecot has PREVIEW, RFC 8970); no ENVELOPE, no BODYSTRUCTURE. Besides it only UID FETCHes for some of those
    // rows: BODYSTRUCTURE of the multipart ones (their paperclip), INTERNALDATE of one whose Date does not parse.
    const rows = s.commands.filter((c) => ROW_FETCH.test(c));
    expect(rows.map((c) => ROW_FETCH.exec(c)![2])).toEqual([`${PAGE_1.from}:${PAGE_1.to}`]);
    expect(s.commands.filter((c) => /PREVIEW/.test(c))).toEqual(rows);
    expect(rows[0]).toMatch(/ PREVIEW\)$/);
    const others = s.commands.filter((c) => /^(UID )?FETCH /.test(c) && !rows.includes(c));
    for (const c of others) {
      const m = /^UID FETCH (\S+) \(UID (BODYSTRUCTURE|INTERNALDATE)( MODSEQ)?\)$/.exec(c);
      expect(m, `only a UID FETCH of BODYSTRUCTURE or INTERNALDATE besides: ${c}`).not.toBeNull();
      expect(sequenceNumbers(m![1]).length, c).toBeLessThanOrEqual(PAGE_SIZE);
    }
    expect(others.filter((c) => /BODYSTRUCTURE/.test(c)).length).toBeLessThanOrEqual(1);
    expect(s.bytesFromServer).toBeLessThan(LIST_PAGE_MAX_BYTES);
  });

  it('opening the 3 KB text + 20 MB attachment message pulls under 8 KB from IMAP on its own page, and the list\'s cost more in the reading pane', async () => {
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const link = page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.largeAttachment });
    const pane = (await link.getAttribute('href'))!;
    expect(pane).toMatch(/^\/mail\?/);
    for (const [where, href, max] of [
      ['own page', pane.replace('/mail?', '/mail/read?'), 8 * 1024],
      ['reading pane', pane, LIST_PAGE_MAX_BYTES + 8 * 1024],
    ] as const) {
      await proxyControl.reset();
      const res = await page.goto(inject('appUrl') + href);
      expect(res?.status()).toBe(200);
      const s = await proxyControl.stats();
      console.log(`large-attachment message (${where}): ${s.bytesFromServer} bytes from IMAP; commands: ${s.commands.join(' | ')}`);
      expect(s.bytesFromServer, where).toBeLessThan(max);
      expect(s.commands.some((c) => LOGIN.test(c))).toBe(false);
      // One body section, the text; its neighbours for Previous/Next by UID only (FETCH s-1,s+1 (UID)).
      expect(s.commands.filter((c) => BODY_SECTION.test(c)), where).toHaveLength(1);
      expect(s.commands.some((c) => /BODY\.PEEK\[1\]/.test(c))).toBe(true);
      expect(s.commands.filter((c) => /^FETCH \d+(,\d+)? \(UID( MODSEQ)?\)$/.test(c)), s.commands.join(' | ')).toHaveLength(1);
      await expect(page.getByRole('region', { name: 'Message body' }).textContent()).resolves.toMatch(/\w/);
    }
  });

  it('an HTML message with an inline image: the image comes over the same connection, no LOGIN', async () => {
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const href = await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.newsletter }).getAttribute('href');
    await proxyControl.reset();
    await page.goto(inject('appUrl') + href, { waitUntil: 'load' });
    const img = page.getByRole('region', { name: 'Message body' }).locator('img[src^="/mail/part"]');
    expect(await img.count(), `the page showed: ${(await page.locator('main').innerText()).slice(0, 600)}`).toBe(1);
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    // The image's own part was fetched from IMAP, by its section, on a connection that was already open.
    const src = new URL((await img.getAttribute('src'))!, inject('appUrl'));
    const uid = src.searchParams.get('uid');
    const section = src.searchParams.get('part')!;
    expect(section).toMatch(/^\d+(\.\d+)*$/);
    const s = await proxyControl.stats();
    const partFetch = new RegExp(`^UID FETCH ${uid} \\(.*BODY\\.PEEK\\[${section.replace(/\./g, '\\.')}\\]`);
    expect(s.commands.filter((c) => partFetch.test(c)), s.commands.join(' | ')).toHaveLength(1);
    expect(s.connections).toBe(0);
    expect(s.commands.some((c) => LOGIN.test(c))).toBe(false);
  });

  it('a huge text part: only the first 64 KB is fetched, cut cleanly, and "Show the rest" fetches the rest', async () => {
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const href = await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.hugeText }).getAttribute('href');
    await proxyControl.reset();
    await page.goto(inject('appUrl') + ownPage(href!));
    const s = await proxyControl.stats();
    expect(s.commands.some((c) => /BODY\.PEEK\[(1|TEXT)\]<0\.65536>/.test(c))).toBe(true);
    expect(s.bytesFromServer).toBeLessThan(64 * 1024 + 8 * 1024);
    const first = await page.getByRole('region', { name: 'Message body' }).innerText();
    expect(first).toContain('Zeile 0001: Größe, Maße, Café — Привет, мир — 你好，世界 — Ελλάδα.');
    expect(first).not.toContain(HUGE_TEXT_END);
    expect(first).not.toContain('\uFFFD');
    // The cut falls inside a line: what is shown of it is exactly the start of that line, no broken character.
    const last = first.trimEnd().split('\n').at(-1)!;
    const num = /^Zeile (\d{4})/.exec(last)?.[1] ?? '0000';
    expect(`Zeile ${num}: Größe, Maße, Café — Привет, мир — 你好，世界 — Ελλάδα.`.startsWith(last.replace(/^Zeile \d{0,4}$/, 'Zeile '))).toBe(true);
    await page.getByRole('link', { name: 'Show the rest of this message' }).click();
    await page.waitForURL(/full=1/);
    await expect(page.getByRole('region', { name: 'Message body' }).innerText()).resolves.toContain(HUGE_TEXT_END);
  });

  it('a dropped IMAP connection is reopened on the next page view', async () => {
    await proxyControl.drop();
    await proxyControl.reset();
    const res = await page.goto(inject('appUrl') + '/mail?folder=INBOX&page=2');
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row').count()).resolves.toBe(51);
    const s = await proxyControl.stats();
    expect(s.connections).toBe(1);
  });

  it('a server that stops answering gives a clear message, not a hung request', async () => {
    // The page's requests share the session's connection: the first waits out one command time limit, the one
    // queued behind it then finds the connection closed and reconnects, waiting out the greeting's limit (the
    // same setting). Two limits, plus one more for rendering on a busy machine, not Playwright's 30 s.
    const bound = 3 * E2E_COMMAND_TIMEOUT_SECONDS * 1000;
    await proxyControl.blackhole(true);
    const started = Date.now();
    const res = await page.goto(inject('appUrl') + '/mail?folder=INBOX', { timeout: bound });
    expect(Date.now() - started).toBeLessThan(bound);
    expect(res?.status()).toBeLessThan(500);
    await expect(page.getByRole('alert').filter({ hasText: 'did not answer in time' }).count()).resolves.toBeGreaterThan(0);
    await proxyControl.blackhole(false);
    const again = await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    expect(again?.status()).toBe(200);
    await expect(page.getByRole('table', { name: 'Messages' }).count()).resolves.toBe(1);
  });

  it('sign-out closes the IMAP connection', async () => {
    const context = await newContext(browser, { javaScript: false });
    const other = await context.newPage();
    const earlier = openConnectionsOf(await proxyControl.stats(), TEST_USERS.bob.user);
    const alice = openConnectionsOf(await proxyControl.stats(), TEST_USERS.alice.user);
    expect(alice.length).toBeGreaterThan(0);
    await signIn(other, inject('appUrl'), TEST_USERS.bob.user, TEST_USERS.bob.password);
    // The session's own connection: the one bob's sign-in opened.
    const mine = openConnectionsOf(await proxyControl.stats(), TEST_USERS.bob.user).filter((id) => !earlier.includes(id));
    expect(mine).toHaveLength(1);
    await other.getByRole('button', { name: 'Sign out' }).click();
    await other.waitForURL(/\/login/);
    await expect.poll(async () => (await proxyControl.stats()).connectionLog.find((c) => c.id === mine[0])?.open).toBe(false);
    // Only that one: the other session's connections stay open.
    const after = openConnectionsOf(await proxyControl.stats(), TEST_USERS.alice.user);
    expect(alice.filter((id) => !after.includes(id))).toEqual([]);
    await context.close();
  });

  it('"Show all headers" asks for the header section in the same FETCH as the body: no extra round', async () => {
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    const href = ownPage((await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.legacyCharset, exact: true }).getAttribute('href'))!);
    await proxyControl.reset();
    await page.goto(inject('appUrl') + href + '&headers=all');
    await expect(page.getByRole('region', { name: 'All headers' }).textContent()).resolves.toMatch(/Message-ID/i);
    const s = await proxyControl.stats();
    const sections = s.commands.filter((c) => BODY_SECTION.test(c));
    expect(sections).toHaveLength(1);
    expect(sections[0]).toMatch(/BODY\.PEEK\[HEADER\]/);
    expect(sections[0]).toMatch(/BODY\.PEEK\[(1|TEXT)\]/);
    expect(s.commands.filter((c) => /^NOOP|^SELECT|^EXAMINE/.test(c))).toHaveLength(1);
  });

  it('mail pages are sent with Cache-Control: no-store', async () => {
    const res = await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    expect(res?.headers()['cache-control']).toMatch(/no-store/);
    const href = await page.getByRole('table', { name: 'Messages' }).getByRole('link').first().getAttribute('href');
    const msg = await page.goto(inject('appUrl') + href);
    expect(msg?.headers()['cache-control']).toMatch(/no-store/);
  });
});
