// FEATHER_BASE_PATH: what the build accepts (lib/build-env.mjs, used by next.config.mjs), how the server compares it
// with the build's, and that next.config.mjs hands it to Next.js and to lib/urls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtBasePath, parseBasePath, parseDistDir, servedBasePath } from '@/lib/build-env.mjs';

describe('parseBasePath', () => {
  it('takes unset or empty as the site root, and sub-paths of simple segments as they are', () => {
    expect(parseBasePath(undefined)).toBe('');
    expect(parseBasePath('')).toBe('');
    for (const ok of ['/webmail', '/apps/webmail', '/mail-2024', '/web_mail', '/v1.2', '/W']) expect(parseBasePath(ok)).toBe(ok);
  });

  it('refuses anything else, naming the variable and the value', () => {
    const cases: Array<[string, RegExp]> = [
      ['webmail', /must start with "\/"/],
      ['/', /must name a sub-path/],
      ['/webmail/', /must not end with "\/"/],
      ['//webmail', /only letters, digits/],
      ['/web mail', /only letters, digits/],
      ['/webmail?x=1', /only letters, digits/],
      ['/webmail#x', /only letters, digits/],
      ['/../etc', /only letters, digits/],
      ['/a/./b', /only letters, digits/],
      ['/.hidden', /only letters, digits/],
      ['/webmäil', /only letters, digits/],
      ['/web%20mail', /only letters, digits/],
      ['/' + 'a'.repeat(100), /at most 100/],
    ];
    for (const [bad, why] of cases) {
      expect(() => parseBasePath(bad), bad).toThrow(why);
      expect(() => parseBasePath(bad), bad).toThrow(`FEATHER_BASE_PATH`);
      expect(() => parseBasePath(bad), bad).toThrow(`(got "${bad}")`);
    }
  });
});

describe('parseDistDir', () => {
  it('defaults to .next and takes a folder name inside the project', () => {
    expect(parseDistDir(undefined)).toBe('.next');
    expect(parseDistDir('.next-webmail')).toBe('.next-webmail');
    for (const bad of ['../build', '/tmp/x', 'a/b', '..', '.']) expect(() => parseDistDir(bad), bad).toThrow(/FEATHER_DIST_DIR/);
  });
});

describe('the base path served', () => {
  it("is the build's: unset at run time, or set to the same", () => {
    expect(servedBasePath('/webmail', undefined, '.next')).toBe('/webmail');
    expect(servedBasePath('/webmail', '/webmail', '.next')).toBe('/webmail');
    expect(servedBasePath('', undefined, '.next')).toBe('');
    expect(servedBasePath('', '', '.next')).toBe('');
  });

  it('refuses a run-time value that differs from the build, naming both and the way out', () => {
    expect(() => servedBasePath('/webmail', '/mail', '.next')).toThrow('FEATHER_BASE_PATH is "/mail", but the build in .next was made with "/webmail"');
    expect(() => servedBasePath('', '/webmail', '.next-x')).toThrow('FEATHER_BASE_PATH is "/webmail", but the build in .next-x was made with empty (the site\'s root)');
    expect(() => servedBasePath('/webmail', '', '.next')).toThrow(/is empty \(the site's root\), but the build in \.next was made with "\/webmail".*npm run build/);
    expect(() => servedBasePath('/webmail', 'webmail', '.next')).toThrow(/must start with/);
  });

  it("reads the build's own record of its base path, and says when there is no build", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'feather-build-'));
    try {
      expect(builtBasePath(root, '.next')).toBeUndefined();
      fs.mkdirSync(path.join(root, '.next'));
      fs.writeFileSync(path.join(root, '.next', 'required-server-files.json'), JSON.stringify({ version: 1, config: { basePath: '/webmail' } }));
      expect(builtBasePath(root, '.next')).toBe('/webmail');
      fs.writeFileSync(path.join(root, '.next', 'required-server-files.json'), JSON.stringify({ version: 1, config: {} }));
      expect(() => builtBasePath(root, '.next')).toThrow(/names no basePath/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('next.config.mjs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function nextConfig(env: Record<string, string>) {
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    vi.resetModules();
    // Through a variable: next.config.mjs is plain JavaScript without type declarations.
    const file = path.resolve(__dirname, '../../next.config.mjs');
    return (await import(/* @vite-ignore */ file)).default as { basePath: string; distDir: string; env: Record<string, string> };
  }

  it('gives Next.js the base path and inlines the same value for lib/urls', async () => {
    const c = await nextConfig({ FEATHER_BASE_PATH: '/webmail', FEATHER_DIST_DIR: '.next-webmail' });
    expect(c.basePath).toBe('/webmail');
    expect(c.env.FEATHER_BASE_PATH).toBe('/webmail');
    expect(c.distDir).toBe('.next-webmail');
    const root = await nextConfig({ FEATHER_BASE_PATH: '', FEATHER_DIST_DIR: '' });
    expect([root.basePath, root.env.FEATHER_BASE_PATH, root.distDir]).toEqual(['', '', '.next']);
  });

  it('stops the build on a bad value', async () => {
    await expect(nextConfig({ FEATHER_BASE_PATH: '/webmail/' })).rejects.toThrow(/FEATHER_BASE_PATH must not end with "\/"/);
  });
});
