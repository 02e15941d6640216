// The sign-in page's CSS inline (lib/critical-css.mjs): the rules a page uses in a <style>, its stylesheet link
// moved to the end, the rules kept per shape of page, and any page it cannot do sent as it is.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { criticalCss } from '@/lib/critical-css.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-critical-'));
fs.mkdirSync(path.join(dir, 'static'));
const sheet = path.join(dir, 'static', 'app.css');
fs.writeFileSync(sheet, '.used{color:red}.unused{color:blue}@media (prefers-color-scheme:dark){.used{color:pink}}');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const LINK = '<link rel="stylesheet" href="/_next/static/app.css"/>';
const page = (text: string, extra = '') => `<!DOCTYPE html><html><head>${LINK}${extra}</head><body><main><p class="used">${text}</p></main></body></html>`;

describe('criticalCss', () => {
  const errors: unknown[] = [];
  const rewrite = criticalCss({ staticRoot: dir, publicPath: '/_next/', onError: (e) => errors.push(e) });

  it('puts the rules the page uses where its link was, and the link before </body>', async () => {
    const out = await rewrite(page('Hello'));
    expect(out).toBe(`<!DOCTYPE html><html><head><style>.used{color:red}@media (prefers-color-scheme:dark){.used{color:pink}}</style></head><body><main><p class="used">Hello</p></main>${LINK}</body></html>`);
    expect(errors).toEqual([]);
  });

  it('keeps the rules for pages of the same shape (other words, other values), and works them out again for another', async () => {
    fs.writeFileSync(sheet, '.used{color:green}.other{color:black}');
    expect(await rewrite(page('Other words'))).toContain('<style>.used{color:red}@media');
    const other = (await rewrite(`<!DOCTYPE html><html><head>${LINK}</head><body><main><p class="used other">Hi</p></main></body></html>`));
    expect(other).toContain('<style>.used{color:green}.other{color:black}</style>');
  });

  it('leaves alone a page with more than its one stylesheet, or none', async () => {
    const two = page('Two', '<style>p{margin:0}</style>');
    expect(await rewrite(two)).toBe(two);
    const none = '<!DOCTYPE html><html><head></head><body><p class="used">x</p></body></html>';
    expect(await rewrite(none)).toBe(none);
  });

  it('works out at most 16 shapes of page; past them, pages go out as they are', async () => {
    const fresh = criticalCss({ staticRoot: dir, publicPath: '/_next/' });
    const shaped = (i: number) => `<!DOCTYPE html><html><head>${LINK}</head><body><main><p class="used n${i}">x</p></main></body></html>`;
    for (let i = 0; i < 16; i++) expect(await fresh(shaped(i))).toContain('<style>');
    expect(await fresh(shaped(16))).toBe(shaped(16));
    expect(await fresh(shaped(3))).toContain('<style>');
  });

  it('sends the page as it is when the stylesheet cannot be read', async () => {
    const missing = page('x').replace('app.css', 'gone.css');
    const out = await criticalCss({ staticRoot: dir, publicPath: '/_next/' })(missing);
    expect(out).toBe(missing);
  });
});
