// Security headers on every page: remote images allowed only where the user asked for them, HSTS over https,
// a Permissions-Policy that grants nothing, no referrer to other sites, no sniffing.
import { describe, expect, inject, it } from 'vitest';
import { SPECIAL } from '../helpers/fixtures';
import { sessionCookie } from '../helpers/http-session';

const base = () => inject('appUrl');

function imgSrc(res: Response): string {
  return /(?:^|;\s*)img-src ([^;]*)/.exec(res.headers.get('content-security-policy') ?? '')?.[1] ?? '(none)';
}

describe('security headers', () => {
  it('allow remote images only on a message page with "Show images"', async () => {
    const cookie = await sessionCookie();
    const get = (path: string) => fetch(base() + path, { headers: { Cookie: cookie } });
    const list = await (await get('/mail?folder=INBOX')).text();
    // The row opens the message in the reading pane (/mail?…&uid=…); the same on its own page (/mail/read?…).
    const pane = new RegExp(`href="(/mail\\?[^"]+)"[^>]*>${SPECIAL.newsletter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`).exec(list)![1].replace(/&amp;/g, '&');
    const own = pane.replace('/mail?', '/mail/read?');
    for (const path of ['/login', '/settings', '/mail?folder=INBOX', pane, own, `/mail?folder=INBOX&images=show`]) expect(imgSrc(await get(path)), path).toBe("'self' data:");
    for (const path of [pane, own]) expect(imgSrc(await get(`${path}&images=show`)), path).toBe("'self' data: https: http:");
  });

  it('send Strict-Transport-Security only over https, and the rest on every page', async () => {
    const plain = await fetch(`${base()}/login`);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await fetch(`${base()}/login`, { headers: { 'X-Forwarded-Proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    for (const res of [plain, tls]) {
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toMatch(/^camera=\(\), microphone=\(\), geolocation=\(\)/);
    }
  });
});

describe('the icon sprite and the favicon', () => {
  it('come once, at versioned URLs the browser keeps for good, and hold every icon a page uses', async () => {
    const cookie = await sessionCookie();
    const list = await (await fetch(base() + '/mail?folder=INBOX', { headers: { Cookie: cookie } })).text();
    const uses = [...list.matchAll(/<use href="([^"#]+)#(i-[a-z]+)"/g)];
    expect(uses.length).toBeGreaterThan(10);
    // One sprite file for the whole page, and no symbols inline.
    expect(new Set(uses.map((u) => u[1]))).toEqual(new Set([uses[0][1]]));
    expect(list).not.toContain('<symbol');
    const sprite = await fetch(base() + uses[0][1].replace(/&amp;/g, '&'));
    expect(sprite.status).toBe(200);
    expect(sprite.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(sprite.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const svg = await sprite.text();
    for (const id of new Set(uses.map((u) => u[2]))) expect(svg, id).toContain(`<symbol id="${id}"`);
    // Another version is not kept: it may be an old page asking for a sprite that has changed.
    expect((await fetch(base() + '/icons.svg?v=old')).headers.get('cache-control')).toBe('no-cache');

    const favicon = /<link rel="icon" href="([^"]+)"/.exec(list)?.[1];
    expect(favicon).toMatch(/^\/icon\.svg\?/);
    const icon = await fetch(base() + favicon!.replace(/&amp;/g, '&'));
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
