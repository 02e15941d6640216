// Scripts run only with the page's nonce: Next.js's own do, an injected one would not.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, signIn, fileBrowserPages } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';

const freshPage = fileBrowserPages();

/** The policy's directives: name → its values. */
function directives(csp: string | undefined): Map<string, string[]> {
  expect(csp, 'a Content-Security-Policy header').toBeTruthy();
  return new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
}

/** What every page's policy must say: scripts only by nonce (trust passed on only to scripts those create), no plugins, no <base>, no framing. */
function expectStrictPolicy(csp: string | undefined): string {
  const d = directives(csp);
  const scriptSrc = d.get('script-src') ?? [];
  const nonce = scriptSrc.map((v) => /^'nonce-([^']+)'$/.exec(v)?.[1]).find(Boolean);
  expect(nonce, `a nonce in script-src: ${scriptSrc.join(' ')}`).toBeTruthy();
  expect(scriptSrc).toContain("'strict-dynamic'");
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(d.get('object-src')).toEqual(["'none'"]);
  expect(d.get('base-uri')).toEqual(["'none'"]);
  expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  return nonce!;
}

async function openNewsletter(page: Page) {
  await page.goto(inject('appUrl') + '/mail?folder=INBOX');
  const href = await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.newsletter }).getAttribute('href');
  const res = await page.goto(inject('appUrl') + href!, { waitUntil: 'load' });
  expect(res?.status()).toBe(200);
  return res!;
}

/**
 * Script put into the page without the nonce, two ways a policy must block even with 'strict-dynamic': an inline
 * event handler (an <img> whose onerror is set in markup), and a parser-inserted inline <script> (document.write).
 * Says what each did: 'ran', or 'blocked' once the event had happened without the handler running.
 */
async function injectScripts(page: Page): Promise<{ handler: string; written: string }> {
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<img id="injected-handler" alt="not run" src="/no-such-image.png" onerror="this.alt=\'ran\'">');
    const img = document.getElementById('injected-handler')!;
    // Added by the test itself (not subject to the policy): tells that the error event has been dispatched.
    img.addEventListener('error', () => img.setAttribute('data-errored', '1'));
  });
  await page.locator('#injected-handler[data-errored]').waitFor({ state: 'attached' });
  const handler = (await page.locator('#injected-handler').getAttribute('alt')) === 'ran' ? 'ran' : 'blocked';
  // Last, as document.write after load replaces the document.
  await page.evaluate(() => {
    document.open();
    document.write('<!DOCTYPE html><p id="written">not run</p><script>document.getElementById("written").textContent = "ran";</script>');
    document.close();
  });
  // The written paragraph is there either way: the injection itself worked.
  const text = await page.locator('#written').textContent();
  return { handler, written: text === 'ran' ? 'ran' : text === 'not run' ? 'blocked' : `unexpected: ${text}` };
}

describe('Content-Security-Policy', () => {
  it('gives every page a fresh script nonce that all of its scripts carry, and the app still hydrates', async () => {
    const page = await freshPage(true);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const first = await page.goto(inject('appUrl') + '/login');
    const csp = first!.headers()['content-security-policy'];
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toContain("'unsafe-inline' 'strict-dynamic'");
    const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((n) => n === nonce)).toBe(true);
    const again = await page.request.get(inject('appUrl') + '/login');
    expect(again.headers()['content-security-policy']).not.toContain(nonce!);
    // React's effects ran (components/Enhancements.tsx marks the page): the scripts ran under the policy.
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });

    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    // The keys work only once React hydrated the list: j focuses the first message link.
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    await page.keyboard.press('j');
    const firstLink = await page.getByRole('table', { name: 'Messages' }).getByRole('link').first().textContent();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(firstLink);

    await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.newsletter }).click();
    await page.waitForURL((u) => u.searchParams.has('uid'));
    expect(await page.evaluate(() => typeof (window as unknown as { __next_f?: unknown }).__next_f)).toBe('object');
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    // The message page, loaded itself: its own nonce, carried by all of its scripts, and it hydrates too.
    const read = await page.reload({ waitUntil: 'load' });
    const readNonce = /'nonce-([^']+)'/.exec(read!.headers()['content-security-policy'] ?? '')?.[1];
    expect(readNonce, "a nonce in the message page's policy").toBeTruthy();
    expect(readNonce).not.toBe(nonce);
    const readScripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(readScripts.length).toBeGreaterThan(0);
    expect(readScripts.every((n) => n === readNonce)).toBe(true);
    await page.locator('html[data-enhanced]').waitFor({ state: 'attached' });
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('allows scripts by nonce only and forbids plugins, <base> and framing, on the sign-in page and on an HTML message', async () => {
    const page = await freshPage(true);
    expectStrictPolicy((await page.goto(inject('appUrl') + '/login'))!.headers()['content-security-policy']);
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    const res = await openNewsletter(page);
    expect(new URL(page.url()).searchParams.has('uid')).toBe(true);
    expectStrictPolicy(res.headers()['content-security-policy']);
    await page.context().close();
  });

  it('does not run script injected into the HTML message page without the nonce (which runs with the policy bypassed)', async () => {
    const page = await freshPage(true);
    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    await openNewsletter(page);
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refusals.push(m.text());
    });
    const blocked = await injectScripts(page);
    expect(blocked).toEqual({ handler: 'blocked', written: 'blocked' });
    // Both were refused by the policy, not by chance (Chromium says so on the console).
    await expect.poll(() => refusals.filter((t) => /inline event handler/i.test(t)).length).toBeGreaterThan(0);
    await expect.poll(() => refusals.filter((t) => /inline script/i.test(t)).length).toBeGreaterThan(0);
    await page.context().close();

    // The control: the very same injection on the very same page runs when the browser ignores the policy.
    const browser = await launchBrowser();
    try {
      const bypass = await (await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } })).newPage();
      await signIn(bypass, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
      await openNewsletter(bypass);
      expect(await injectScripts(bypass)).toEqual({ handler: 'ran', written: 'ran' });
    } finally {
      await browser.close();
    }
  });
});
