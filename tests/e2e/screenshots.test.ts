// Screenshots of every kind of page at 1280 and 360 px, light and dark, into .data/screenshots/ (docs/ keeps a few),
// and axe (WCAG 2.1 AA, contrast included) on each of them in both color schemes.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';

const SHOTS = path.resolve(__dirname, '../../.data/screenshots');
const AXE = fs.readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
let browser: Browser;

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: string[] }> }> }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)),
  )) as string[];
  return found;
}

beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

// A test per scheme and width: about twenty pages, each drawn and checked, take 15–30 s, and more on a slow machine.
describe.each(['light', 'dark'] as const)('every page in the %s color scheme', (scheme) => {
  it.each([1280, 360])('is drawn at %i px, and passes axe', { timeout: 150_000 }, async (width) => {
    // axe is injected by the test; the app's CSP (rightly) would refuse a script without its nonce.
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: width > 400 ? 860 : 760 }, bypassCSP: true });
    const page = await context.newPage();
    const shoot = async (name: string) => {
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${scheme}.png`) });
      expect(await axe(page), `${name} at ${width} px, ${scheme}`).toEqual([]);
    };
    await page.goto(inject('appUrl') + '/login');
    await shoot('signin');
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    await shoot('inbox');
    const href = async (subject: string) => {
      await page.goto(inject('appUrl') + '/mail?folder=INBOX');
      return (await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject, exact: true }).getAttribute('href'))!;
    };
    await page.goto(inject('appUrl') + (await href(SPECIAL.newsletter)));
    await shoot('message-html');
    await page.goto(inject('appUrl') + (await href(SPECIAL.forwarded)));
    await shoot('message-forwarded');
    await page.goto(inject('appUrl') + (await href(SPECIAL.legacyCharset)));
    await shoot('message-text');
    await page.goto(inject('appUrl') + (await href(SPECIAL.flowedReply)));
    await shoot('message-quotes');
    // Rows open the reading pane (beside the list at 1280 px, alone at 360); the same message on a page of its own,
    // with its Cc folded.
    await page.goto(inject('appUrl') + (await href(SPECIAL.htmlOnly)).replace('/mail?', '/mail/read?'));
    await shoot('message-page');
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&q=Fixture');
    await shoot('search');
    await page.goto(inject('appUrl') + '/mail/search?folder=INBOX&q=Fixture&unread=1');
    await shoot('search-advanced');
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&view=conversations');
    await shoot('conversations');
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&sort=subject');
    await shoot('sorted');
    await page.goto(inject('appUrl') + '/settings');
    await shoot('settings');
    await page.goto(inject('appUrl') + '/folders?delete=Projects');
    await shoot('manage-folders');
    await page.goto(inject('appUrl') + '/mail/upload?folder=INBOX');
    await shoot('upload');
    await page.goto(inject('appUrl') + (await href(SPECIAL.legacyCharset)).replace(/^\/mail\?/, '/mail/compose?mode=reply&'));
    await shoot('compose-reply');
    // A forward carries the original's attachment, from the server.
    await page.goto(inject('appUrl') + (await href(SPECIAL.largeAttachment)).replace(/^\/mail\?/, '/mail/compose?mode=forward&'));
    await page.getByRole('button', { name: 'Save draft' }).scrollIntoViewIfNeeded();
    await shoot('compose-forward');
    if (width === 360) {
      await page.goto(inject('appUrl') + '/mail?folder=INBOX#folders');
      await shoot('folders');
    }
    await context.close();
  });
});
