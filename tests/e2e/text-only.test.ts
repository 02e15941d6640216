// The "Text only" preference: kept in the session, switchable from the message and from Settings.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, fileBrowserPages } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { proxyControl } from '../helpers/proxy-control';

const freshPage = fileBrowserPages();

async function messageHref(page: Page, subject: string): Promise<string> {
  await page.goto(inject('appUrl') + '/mail?folder=INBOX');
  return (await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).getAttribute('href'))!;
}

describe.each([{ javaScript: true }, { javaScript: false }])('text only (JavaScript $javaScript)', ({ javaScript }) => {
  it('switches from the message view: no HTML part is fetched while a text part exists', async () => {
    const page = await freshPage(javaScript);
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    const href = await messageHref(page, SPECIAL.newsletter);
    await page.goto(inject('appUrl') + href);
    const body = page.getByRole('region', { name: 'Message body' });
    await expect(body.locator('p').count()).resolves.toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Text only' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Show formatted (HTML)' }).count()).toBe(1);
    // The text part, as paragraphs with its URLs linked (the HTML's link reads "full article …", this one is the URL).
    const textBody = page.getByRole('region', { name: 'Message body' });
    await expect(textBody.getByRole('link', { name: 'https://example.com/articles/offline-first', exact: true }).count()).resolves.toBe(1);
    await expect(textBody.locator('p').first().textContent()).resolves.toBe('Feather Weekly');

    // Reloading fetches the text/plain part only.
    await proxyControl.reset();
    await page.goto(inject('appUrl') + href);
    const fetched = (await proxyControl.stats()).commands.filter((c) => /BODY\.PEEK\[/.test(c));
    expect(fetched).toHaveLength(1);
    // the newsletter is alternative(text/plain = 1, related(html, logo) = 2)
    expect(fetched[0]).toMatch(/BODY\.PEEK\[1\]/);

    // An HTML-only message is converted to text on the server.
    await page.goto(inject('appUrl') + (await messageHref(page, SPECIAL.htmlOnly)));
    const text = await page.getByRole('region', { name: 'Message body' }).innerText();
    expect(text).toContain('Scheduled maintenance');
    expect(text).not.toMatch(/<\w+/);
    expect(text).toContain('https://status.example.edu/');

    // Settings shows and changes the same preference.
    await page.goto(inject('appUrl') + '/settings');
    const box = page.getByLabel('Text only');
    await expect(box.isChecked()).resolves.toBe(true);
    await box.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
    await expect(page.getByLabel('Text only').isChecked()).resolves.toBe(false);
    await page.goto(inject('appUrl') + href);
    await expect(page.getByRole('button', { name: 'Text only' }).count()).resolves.toBe(1);
    await page.context().close();
  });
});
