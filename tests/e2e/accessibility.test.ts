// axe-core (WCAG 2.1 A and AA rules) on every kind of page, and the layout at phone width.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';

const AXE = fs.readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
let browser: Browser;
let page: Page;

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function violations(p: Page): Promise<string[]> {
  await p.evaluate(AXE);
  const found = (await p.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations),
  )) as AxeViolation[];
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

async function messageHref(subject: string): Promise<string> {
  await page.goto(inject('appUrl') + '/mail?folder=INBOX');
  return (await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).getAttribute('href'))!;
}

beforeAll(async () => {
  browser = await launchBrowser();
  // axe is injected by the test; the app's CSP (rightly) would refuse a script without its nonce.
  page = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  it('finds violations where there are some (the check itself works)', async () => {
    await page.goto(inject('appUrl') + '/login');
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<img src="/x.png"><a href="/y"></a>');
    });
    const found = await violations(page);
    expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
    expect(found.some((v) => v.startsWith('link-name'))).toBe(true);
  });

  it('the sign-in page, also with an error message', async () => {
    await page.goto(inject('appUrl') + '/login');
    expect(await violations(page)).toEqual([]);
    await page.goto(inject('appUrl') + '/login?error=auth');
    expect(await violations(page)).toEqual([]);
  });

  it('the message list, a text message, an HTML message, settings', async () => {
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    expect(await violations(page)).toEqual([]);
    await page.goto(inject('appUrl') + (await messageHref(SPECIAL.forwarded)));
    expect(await violations(page)).toEqual([]);
    await page.goto(inject('appUrl') + (await messageHref(SPECIAL.newsletter)));
    expect(await violations(page)).toEqual([]);
    await page.goto(inject('appUrl') + '/settings');
    expect(await violations(page)).toEqual([]);
    await page.goto(inject('appUrl') + '/mail?folder=INBOX&q=Fixture');
    expect(await violations(page)).toEqual([]);
  });

  it('Manage folders (with a rename form and a delete confirmation open), the upload form, the compose page', async () => {
    await page.goto(inject('appUrl') + '/folders');
    if (new URL(page.url()).pathname === '/login') await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password, '/login?next=/folders');
    for (const path of ['/folders', '/folders?rename=Projects', '/folders?delete=Projects', '/mail/upload?folder=INBOX', '/mail/search?folder=INBOX', '/mail/compose', '/mail/compose?failed=bad-address&to=bobexample.org']) {
      await page.goto(inject('appUrl') + path);
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(1);
      expect(await violations(page), path).toEqual([]);
    }
  });

  it('the folder tree with "Other users" and "Shared folders" (the courier-like server), and a shared folder', async () => {
    // A context of its own: cookies are per host, not per port, and both apps are on 127.0.0.1.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    await signIn(p, inject('courierAppUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    await expect(p.getByRole('heading', { name: 'Shared folders' }).count()).resolves.toBe(1);
    expect(await violations(p)).toEqual([]);
    await p.goto(inject('courierAppUrl') + '/mail?folder=Public.announcements');
    expect(await violations(p)).toEqual([]);
    await context.close();
  });
});

interface KeyEffect {
  path: string;
  /** The focused element: its tag and its name, or its text for a link. */
  focus: string;
}

/**
 * The same key presses in a fresh signed-in context with JavaScript on or off: j then o on the list, u on a
 * message, / on the list. What each left behind: the page's path and the focused element. A key is given time to
 * act: until it has (JavaScript on, the effect is awaited), or a second and a half (off, where it must not).
 */
async function keySteps(javaScript: boolean): Promise<{ afterJ: KeyEffect; afterO: KeyEffect; afterU: KeyEffect; afterSlash: KeyEffect; firstSubject: string }> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } });
  try {
    const p = await context.newPage();
    await signIn(p, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    const effect = async (): Promise<KeyEffect> => {
      for (let tries = 0; ; tries++) {
        try {
          const focus = await p.evaluate(() => {
            const a = document.activeElement;
            if (!a) return 'none';
            return a.tagName === 'A' ? `A ${a.textContent?.trim()}` : `${a.tagName}${a.getAttribute('name') ? ` ${a.getAttribute('name')}` : ''}`;
          });
          // A message open in the reading pane is /mail with a UID: told apart from the list by that.
          const url = new URL(p.url());
          return { path: url.pathname + (url.searchParams.has('uid') ? '?uid' : ''), focus };
        } catch (err) {
          // A key that navigated: look again once the new page is there.
          if (tries > 20 || !/context was destroyed|navigat/i.test(String(err))) throw err;
          await p.waitForLoadState().catch(() => undefined);
        }
      }
    };
    const after = async (key: string, acted: (e: KeyEffect) => boolean): Promise<KeyEffect> => {
      if (javaScript) await p.locator('html[data-enhanced]').waitFor({ state: 'attached' });
      const before = await effect();
      await p.keyboard.press(key);
      const deadline = Date.now() + (javaScript ? 15_000 : 1_500);
      let now = await effect();
      while (!acted(now) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        now = await effect();
      }
      if (JSON.stringify(now) !== JSON.stringify(before)) await p.waitForLoadState();
      return effect();
    };
    const list = inject('appUrl') + '/mail?folder=INBOX';
    await p.goto(list);
    const firstLink = p.getByRole('table', { name: 'Messages' }).getByRole('link').first();
    const firstSubject = (await firstLink.textContent())!.trim();
    const messageHref = (await firstLink.getAttribute('href'))!;
    const afterJ = await after('j', (e) => e.focus.startsWith('A '));
    const afterO = await after('o', (e) => e.path !== '/mail');
    await p.goto(inject('appUrl') + messageHref);
    const afterU = await after('u', (e) => e.path !== '/mail?uid');
    await p.goto(list);
    const afterSlash = await after('/', (e) => e.focus.startsWith('INPUT'));
    return { afterJ, afterO, afterU, afterSlash, firstSubject };
  } finally {
    await context.close();
  }
}

describe('keyboard', () => {
  it('j/k move through the list with visible focus, o opens, u goes back, / goes to search', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    // The keys work once React has hydrated the page.
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    const links = page.getByRole('table', { name: 'Messages' }).getByRole('link');
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(await links.nth(0).textContent());
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const second = await links.nth(1).textContent();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(second);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('o');
    await page.waitForURL((u) => u.searchParams.has('uid'));
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(second);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.keyboard.press('u');
    await page.waitForURL((u) => u.pathname === '/mail' && !u.searchParams.has('uid'));
    // "/" goes to the search field; typed keys then go into it, not to the shortcuts.
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await page.keyboard.type('jko');
    expect(await page.getByRole('searchbox', { name: 'Search', exact: true }).inputValue()).toBe('jko');
    expect(new URL(page.url()).pathname).toBe('/mail');
  });

  it('without JavaScript the keys do nothing at all', async () => {
    const withJs = await keySteps(true);
    const withoutJs = await keySteps(false);
    // The control: with JavaScript the very same steps act — j focuses the first message, o opens it, u goes
    // back to the list, / focuses the search field.
    expect(withJs).toEqual({
      afterJ: { path: '/mail', focus: `A ${withJs.firstSubject}` },
      afterO: { path: '/mail?uid', focus: withJs.afterO.focus },
      afterU: { path: '/mail', focus: withJs.afterU.focus },
      afterSlash: { path: '/mail', focus: 'INPUT q' },
      firstSubject: withJs.firstSubject,
    });
    // Without it, nothing moves: focus stays on the page, and no key leaves the page it was pressed on.
    expect(withoutJs).toEqual({
      afterJ: { path: '/mail', focus: 'BODY' },
      afterO: { path: '/mail', focus: 'BODY' },
      afterU: { path: '/mail?uid', focus: 'BODY' },
      afterSlash: { path: '/mail', focus: 'BODY' },
      firstSubject: withJs.firstSubject,
    });
  });
});

describe('phone width (360 px)', () => {
  it('the list and a message fit the screen and stay readable', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(inject('appUrl') + '/mail?folder=INBOX');
    // Signed in already when the whole file runs; on its own (-t), sign in first.
    if (new URL(page.url()).pathname === '/login') await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password, '/login?next=%2Fmail%3Ffolder%3DINBOX');
    const shots = path.resolve(__dirname, '../../.data/screenshots');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'list-360.png'), fullPage: false });
    // Nothing wider than the screen: no sideways scrolling to read the list.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const subject = page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.largeAttachment });
    const box = (await subject.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + Math.min(box.width, 40)).toBeLessThanOrEqual(360);

    await page.goto(inject('appUrl') + (await messageHref(SPECIAL.newsletter)));
    await page.screenshot({ path: path.join(shots, 'message-360.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const region = page.getByRole('region', { name: 'Message body' });
    const body = (await region.boundingBox())!;
    expect(body.width).toBeLessThanOrEqual(360);
    // The body box scrolls on its own (overflow: auto), so the page can fit while the mail inside it does not:
    // the box itself must not be wider inside than it is.
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(clientWidth).toBeGreaterThan(0);
    expect(scrollWidth, `the newsletter's body is ${scrollWidth} px wide inside a ${clientWidth} px box`).toBeLessThanOrEqual(clientWidth);
  });
});
