// The server process itself: configuration errors at start, and the session cookie's attributes.
import { describe, expect, inject, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_USERS } from '../helpers/fixtures';

const root = path.resolve(__dirname, '../..');

function startWith(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', '0'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', ...env },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Signs in the way a browser without JavaScript does: the form's fields, posted as multipart. */
async function postSignIn(extraHeaders: Record<string, string>): Promise<Response> {
  const base = inject('appUrl');
  const html = await (await fetch(`${base}/login`)).text();
  const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
  expect(actionField).toBeDefined();
  const form = new FormData();
  form.set(actionField!, '');
  form.set('next', '/mail');
  form.set('username', TEST_USERS.alice.user);
  form.set('password', TEST_USERS.alice.password);
  return fetch(`${base}/login`, { method: 'POST', body: form, redirect: 'manual', headers: { Origin: base, ...extraHeaders } });
}

describe('server start', () => {
  it('refuses to start with a bad variable, and names it', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1', IMAP_SECURE: 'ssl', SESSION_SECRET: 'x'.repeat(40) });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/IMAP_SECURE/);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production without SESSION_SECRET', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/SESSION_SECRET/);
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and not Secure over plain http', async () => {
    const res = await postSignIn({});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/mail');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^feather_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    // the sealed cookie does not show the password
    expect(cookie).not.toContain(TEST_USERS.alice.password);
  });

  it('is Secure when the request came over https (through the reverse proxy)', async () => {
    const res = await postSignIn({ 'X-Forwarded-Proto': 'https' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
  });

  it('a cross-site sign-out is refused', async () => {
    const res = await fetch(`${inject('appUrl')}/logout`, { method: 'POST', redirect: 'manual', headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});
