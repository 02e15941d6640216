// The courier-like server's folders in the browser and in w3m: the user's own folders at the top level without the
// "INBOX." prefix, "Other users" and "Shared folders" as sections of the tree, and every folder opening by URL.
import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { SHARED_SUBJECT } from '../../rig/seed';
import { BROWSER_MODES, signIn, fileBrowserPages } from '../helpers/browser';
import { FIXTURE_FOLDERS, TEST_USERS } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';

const alice = TEST_USERS.alice;
const freshPage = fileBrowserPages();
const base = () => inject('courierAppUrl');
const folderLink = (path: string) => `/mail?folder=${encodeURIComponent(path)}`;

describe.each(BROWSER_MODES)('folders of every namespace ($label)', ({ javaScript, basic }) => {
  it('draws Sent, Trash and the rest beside Inbox, and other users’ and shared folders in sections of their own', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    const folders = page.getByRole('navigation', { name: 'Folders' });
    // Every folder of the user's own is a top-level item of the first list: none is nested under Inbox.
    const topLevel = await folders.locator(':scope > ul > li > a').evaluateAll((links) => links.map((a) => [a.textContent!.replace(/ \(\d+ unread\)$/, ''), a.getAttribute('href')]));
    expect(topLevel.map(([name]) => name)).toEqual(['Inbox', 'Drafts', 'Sent', 'Trash', 'Junk', 'Archive', 'Café', 'Empty', 'Projects']);
    expect(topLevel.find(([name]) => name === 'Sent')![1]).toBe(folderLink('INBOX.Sent'));
    expect(await folders.getByText('INBOX', { exact: true }).count()).toBe(0);

    const other = folders.getByRole('region', { name: 'Other users' });
    await expect(other.getByRole('heading', { name: 'Other users' }).count()).resolves.toBe(1);
    await expect(other.getByText('bob', { exact: true }).count()).resolves.toBe(1);
    await expect(other.getByRole('link', { name: /^Team/ }).getAttribute('href')).resolves.toBe(folderLink('user.bob.Team'));
    const shared = folders.getByRole('region', { name: 'Shared folders' });
    await expect(shared.getByRole('link', { name: /^announcements\s*\(\s*\d\s*unread\s*\)$/ }).count()).resolves.toBe(1);

    // A shared folder opens from the tree, and its message from the list.
    await shared.getByRole('link', { name: /^announcements/ }).click();
    await page.waitForURL((u) => u.searchParams.get('folder') === 'Public.announcements');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('announcements');
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row').count()).resolves.toBe(3 + 1);
    await page.getByRole('link', { name: `${SHARED_SUBJECT.Announcements} 3`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect(page.getByRole('region', { name: 'Message body' }).textContent()).resolves.toContain('Announcements note number 3');
    await expect(page.getByRole('link', { name: 'Back to announcements' }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('opens another user’s folder and a nested folder of the user’s own by URL', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, base(), alice.user, alice.password);
    await page.goto(base() + folderLink('user.bob.Team'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Team');
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('link').allTextContents()).resolves.toEqual([`${SHARED_SUBJECT.Team} 2`, `${SHARED_SUBJECT.Team} 1`]);
    await page.getByRole('link', { name: `${SHARED_SUBJECT.Team} 1`, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect(page.getByRole('link', { name: 'Back to bob / Team' }).count()).resolves.toBe(1);

    await page.goto(base() + folderLink('INBOX.Projects.Feather'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Feather');
    await expect(page.getByRole('table', { name: 'Messages' }).getByRole('row').count()).resolves.toBe(FIXTURE_FOLDERS['Projects/Feather'] + 1);
    // The name alone is not a path on this server: no prefix is guessed.
    await page.goto(base() + folderLink('announcements'));
    await expect.poll(() => page.locator('main').getByRole('alert').textContent()).toMatch(/This folder does not exist/);
    await page.context().close();
  });
});

describe('the sections in w3m', () => {
  it('reads as headings with their folders under them', async () => {
    const cookie = await sessionCookie(alice, base());
    const text = execFileSync('w3m', ['-dump', '-cols', '100', '-o', 'display_charset=UTF-8', '-header', `Cookie: ${cookie}`, base() + '/mail?folder=INBOX'], { encoding: 'utf8', timeout: 20_000 });
    expect(text).toMatch(/Other users\s+• bob\s+□ Team/);
    expect(text).toMatch(/Shared folders\s+• announcements( \(\d unread\))?\n/);
    expect(text).not.toMatch(/INBOX\./);
  });
});
