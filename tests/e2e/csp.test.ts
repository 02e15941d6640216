// Scripts run only with the page's nonce: Next.js's own do, an injected one would not.
import { describe, expect, inject, it } from 'vitest';
import { signIn, fileBrowserPages } from '../helpers/browser';
import { SPECIAL, TEST_USERS } from '../helpers/fixtures';

const freshPage = fileBrowserPages();

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

    await signIn(page, inject('appUrl'), TEST_USERS.alice.user, TEST_USERS.alice.password);
    await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: SPECIAL.newsletter }).click();
    await page.waitForURL(/\/mail\/read/);
    // Client-side navigation only happens when React hydrated: the scripts ran under the policy.
    expect(await page.evaluate(() => typeof (window as unknown as { __next_f?: unknown }).__next_f)).toBe('object');
    expect(violations).toEqual([]);
    await page.context().close();
  });
});
