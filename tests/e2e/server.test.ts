// The server process itself: configuration errors at start, the session cookie's attributes, client addresses, memory when idle.
import { describe, expect, inject, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startApp } from '../../rig/app';
import { DATA_ROOT } from '../../rig/paths';
import { postSignIn, sessionCookie } from '../helpers/http-session';
import { TEST_USERS } from '../helpers/fixtures';

const root = path.resolve(__dirname, '../..');

function startWith(env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'server.mjs')], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '39999', ...env },
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

describe('server start', () => {
  it('refuses to start with a bad variable, and names it', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1', IMAP_SECURE: 'ssl', SESSION_SECRET: 'x'.repeat(40) });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/IMAP_SECURE/);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  it('refuses a PORT that is not a port number, and names it (server.mjs checks the HTTP server\'s own variables)', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1', SESSION_SECRET: 'x'.repeat(40), PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/PORT must be a port number \(got "eighty"\)/);
    expect(r.output).not.toMatch(/\n\s+at /);
  });

  it('refuses to start in production without SESSION_SECRET', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/SESSION_SECRET/);
  });
});

describe('compression and caching', () => {
  it('compresses pages with brotli, and serves hashed assets precompressed and immutable', async () => {
    const base = inject('appUrl');
    const page = await fetch(`${base}/login`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    expect(page.headers.get('content-encoding')).toBe('br');
    const html = await page.text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
    const br = await fetch(base + asset, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toMatch(/immutable/);
    const gz = await fetch(base + asset, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    // fetch decoded both: the same script either way
    expect(await br.text()).toBe(await gz.text());
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and not Secure over plain http', async () => {
    const res = await postSignIn({});
    expect(res.status).toBe(303);
    // Absolute (lynx stops on a bare path to warn "Location URL is not absolute"), on this site.
    expect(res.headers.get('location')).toBe(`${inject('appUrl').replace(/\/$/, '')}/mail`);
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
    const base = inject('appUrl');
    const cookie = await sessionCookie();
    const mail = () => fetch(`${base}/mail`, { redirect: 'manual', headers: { Cookie: cookie } });
    const before = await mail();
    expect(before.status).toBe(200);
    await before.arrayBuffer();
    // Another site's page posting the sign-out form, with the victim's cookie.
    const res = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { Origin: 'https://evil.example', Cookie: cookie } });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('clear-site-data')).toBeNull();
    // The session lives on: the same cookie still opens the message list, not the sign-in page.
    const after = await mail();
    expect(after.status).toBe(200);
    expect(after.headers.get('location')).toBeNull();
    const html = await after.text();
    expect(html).toMatch(/<table[^>]*aria-label="Messages"/);
    expect(html).toContain('Sign out');
    // The check is real: a same-site sign-out with that cookie does end the session.
    const own = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { Origin: base, Cookie: cookie } });
    expect(own.status).toBe(303);
    const gone = await mail();
    expect(gone.status).toBeGreaterThanOrEqual(300);
    expect(gone.status).toBeLessThan(400);
    expect(new URL(gone.headers.get('location')!, base).pathname).toBe('/login');
  });
});

describe('client addresses in the log', () => {
  /** The client address the request log line gives for the request with this X-Request-Id. */
  async function loggedClient(logFile: string, requestId: string): Promise<string | undefined> {
    for (let i = 0; i < 50; i++) {
      const line = fs.readFileSync(logFile, 'utf8').split('\n').find((l) => l.includes(`"id":"${requestId}"`) && l.includes('"msg":"request"'));
      if (line) return (JSON.parse(line) as { req: { client: string } }).req.client;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('X-Forwarded-For names the client only when the request comes from a trusted proxy', async () => {
    const xff = { 'X-Forwarded-For': '198.51.100.7, 203.0.113.9' };
    // The suite's app trusts no proxy: the header is ignored, the socket's peer is the client.
    const plain = await fetch(`${inject('appUrl')}/login`, { headers: xff });
    expect(await loggedClient(path.join(DATA_ROOT, 'e2e-app.log'), plain.headers.get('x-request-id')!)).toBe('127.0.0.1');

    const logFile = path.join(DATA_ROOT, 'e2e-app-trusting.log');
    const app = await startApp({ imapPort: inject('e2eImapPort'), logFile, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      // From a trusted proxy: the nearest address it forwarded that is not itself a trusted proxy.
      const viaProxy = await fetch(`${app.url}/login`, { headers: xff });
      expect(await loggedClient(logFile, viaProxy.headers.get('x-request-id')!)).toBe('203.0.113.9');
      const chained = await fetch(`${app.url}/login`, { headers: { 'X-Forwarded-For': '203.0.113.9, 127.0.0.1' } });
      expect(await loggedClient(logFile, chained.headers.get('x-request-id')!)).toBe('203.0.113.9');
      // A client cannot set the app's own headers.
      const forged = await fetch(`${app.url}/login`, { headers: { 'X-Feather-Client': '192.0.2.1', 'X-Request-Id': 'forged' } });
      expect(forged.headers.get('x-request-id')).not.toBe('forged');
      expect(await loggedClient(logFile, forged.headers.get('x-request-id')!)).toBe('127.0.0.1');
    } finally {
      await app.stop();
    }
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address, and names it', async () => {
    const r = await startWith({ IMAP_HOST: '127.0.0.1', SESSION_SECRET: 'x'.repeat(40), TRUSTED_PROXIES: '127.0.0.1, nginx.local' });
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/TRUSTED_PROXIES must list IP addresses \(got "nginx\.local"\)/);
  });
});

describe('keep-alive connections', () => {
  it('stay open well past Node’s 5 s, so a client or proxy reusing one later is answered, not reset', async () => {
    const { hostname, port } = new URL(inject('appUrl'));
    const net = await import('node:net');
    const socket = net.connect(Number(port), hostname);
    const ask = () =>
      new Promise<string>((resolve, reject) => {
        let got = '';
        const onData = (d: Buffer) => {
          got += d.toString('latin1');
          // One whole answer: the health check's small body after the headers (with a length, or chunked).
          const end = got.indexOf('\r\n\r\n');
          const length = /content-length: (\d+)/i.exec(got)?.[1];
          if (end >= 0 && (length ? got.length >= end + 4 + Number(length) : got.endsWith('\r\n0\r\n\r\n'))) {
            socket.off('data', onData);
            resolve(got);
          }
        };
        socket.on('data', onData);
        socket.once('error', reject);
        socket.once('close', () => reject(new Error(`closed by the server after ${got.length} bytes`)));
        socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
      });
    try {
      const first = await ask();
      expect(first).toMatch(/^HTTP\/1\.1 200/);
      expect(first).toMatch(/keep-alive: timeout=75/i);
      await new Promise((r) => setTimeout(r, 6000));
      expect(await ask()).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });
});

describe('memory when idle', () => {
  /** The idle collections the server logged (LOG_LEVEL=debug): the heap before and after each. */
  function collections(logFile: string): Array<{ heapBeforeMb: number; heapAfterMb: number }> {
    return fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"msg":"idle: garbage collected"'))
      .map((l) => JSON.parse(l) as { heapBeforeMb: number; heapAfterMb: number });
  }

  it('is collected once nobody has asked for 5 s, never while requests keep coming', async () => {
    const logFile = path.join(DATA_ROOT, 'e2e-app-idle.log');
    const app = await startApp({ imapPort: inject('e2eImapPort'), logFile, env: { LOG_LEVEL: 'debug' } });
    try {
      // Idle since it started: collected (three rounds, a second apart, by 9.5 s), the heap no larger afterwards.
      await new Promise((r) => setTimeout(r, 11_000));
      const first = collections(logFile);
      expect(first.length).toBeGreaterThan(0);
      for (const c of first) expect(c.heapAfterMb).toBeLessThanOrEqual(c.heapBeforeMb);
      // A request a second for 8 s: busy, so no collection meanwhile.
      for (let i = 0; i < 8; i++) {
        await (await fetch(`${app.url}/login`)).text();
        await new Promise((r) => setTimeout(r, 1000));
      }
      expect(collections(logFile).length).toBe(first.length);
      // Idle again: collected again.
      await new Promise((r) => setTimeout(r, 11_000));
      expect(collections(logFile).length).toBeGreaterThan(first.length);
    } finally {
      await app.stop();
    }
  }, 60_000);
});
