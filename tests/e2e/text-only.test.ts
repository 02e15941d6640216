// The "Text only" preference, switchable from the message and from Settings, and the settings kept on the IMAP
// server (METADATA) so that they follow the user to another machine. As pat: preferences on the server reach every
// session of their user, so no other test signs in as pat.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BROWSER_MODES, signIn, fileBrowserPages } from '../helpers/browser';
import { BODY_SECTION, SPECIAL, TEST_USERS } from '../helpers/fixtures';
import { proxyControl } from '../helpers/proxy-control';

const freshPage = fileBrowserPages();

async function messageHref(page: Page, subject: string): Promise<string> {
  await page.goto(inject('appUrl') + '/mail?folder=INBOX');
  return (await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).getAttribute('href'))!;
}

describe.each(BROWSER_MODES)('text only ($label)', ({ javaScript, basic }) => {
  it('switches from the message view: no HTML part is fetched while a text part exists', async () => {
    const page = await freshPage({ javaScript, basic });
    await signIn(page, inject('appUrl'), TEST_USERS.pat.user, TEST_USERS.pat.password);
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
    const fetched = (await proxyControl.stats()).commands.filter((c) => BODY_SECTION.test(c));
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

describe('settings follow the user', () => {
  it('are kept on the mail server (METADATA): a new sign-in on another machine finds them', async () => {
    const lab = await freshPage(false);
    await signIn(lab, inject('appUrl'), TEST_USERS.pat.user, TEST_USERS.pat.password);
    await lab.goto(inject('appUrl') + '/settings');
    await expect(lab.getByText('Your settings are kept on the mail server', { exact: false }).count()).resolves.toBe(1);
    await lab.getByLabel('Text only').check();
    await lab.getByLabel('Compact').check();
    await lab.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => lab.getByText('Settings saved.').count()).toBe(1);
    await lab.getByRole('button', { name: 'Sign out' }).click();
    await lab.waitForURL(/\/login/);
    await lab.context().close();

    // Another machine: a fresh browser profile, nothing of the first one's.
    const home = await freshPage(false);
    await signIn(home, inject('appUrl'), TEST_USERS.pat.user, TEST_USERS.pat.password);
    await home.goto(inject('appUrl') + '/settings');
    await expect(home.getByLabel('Text only').isChecked()).resolves.toBe(true);
    await expect(home.getByLabel('Compact').isChecked()).resolves.toBe(true);
    // Back to the defaults, kept on the server too.
    await home.getByLabel('Text only').uncheck();
    await home.getByLabel('Comfortable').check();
    await home.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => home.getByText('Settings saved.').count()).toBe(1);
    await home.context().close();
  });

  it('last until sign-out on a server that keeps no settings (no METADATA), and the settings page says so', async () => {
    const page = await freshPage(false);
    await signIn(page, inject('courierAppUrl'), TEST_USERS.pat.user, TEST_USERS.pat.password);
    await page.goto(inject('courierAppUrl') + '/settings');
    await expect(page.getByText('This mail server cannot keep settings, so they last until you sign out.').count()).resolves.toBe(1);
    await page.getByLabel('Compact').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => page.getByText('Settings saved.').count()).toBe(1);
    await page.context().close();
    const again = await freshPage(false);
    await signIn(again, inject('courierAppUrl'), TEST_USERS.pat.user, TEST_USERS.pat.password);
    await again.goto(inject('courierAppUrl') + '/settings');
    await expect(again.getByLabel('Comfortable').isChecked()).resolves.toBe(true);
    await again.context().close();
  });
});
