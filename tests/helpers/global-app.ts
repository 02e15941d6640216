/**
 * Vitest globalSetup for the end-to-end tier: a private Dovecot with the fixtures, the counting proxy in front of
 * it, and the production build of the app (`npm run build` must have run) served by server.mjs talking to Dovecot through the proxy.
 * A second app instance points at a port where nothing listens, for the "server unreachable" case.
 * Tests reach the proxy's counters through a tiny HTTP control endpoint (they run in other processes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PROJECT_ROOT } from '../../scripts/dovecot';
import { freePort, startTestDovecot } from './global-dovecot';
import { startCountingProxy, type CountingProxy } from './imap-proxy';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    unreachableAppUrl: string;
    proxyControlUrl: string;
    e2eImapPort: number;
  }
}

export const E2E_COMMAND_TIMEOUT_SECONDS = 4;

async function startApp(imapPort: number, logName: string): Promise<{ url: string; child: ChildProcess }> {
  if (!fs.existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build: run `npm run build` before the end-to-end tests (npm test does).');
  }
  const port = await freePort();
  const log = fs.openSync(path.join(PROJECT_ROOT, '.data', logName), 'w');
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'server.mjs')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'production',
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(imapPort),
      IMAP_SECURE: 'none',
      SESSION_SECRET: 'e2e-only-session-secret-0123456789abcdef',
      IMAP_COMMAND_TIMEOUT_SECONDS: String(E2E_COMMAND_TIMEOUT_SECONDS),
      IMAP_MAX_CONNECTIONS_PER_USER: '20',
    },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited (code ${child.exitCode}); see .data/${logName}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not start within 60 s; see .data/${logName}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child };
}

function startControl(proxy: CountingProxy): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/stats') {
      res.setHeader('Content-Type', 'application/json');
      return res.end(JSON.stringify(proxy.stats()));
    }
    if (req.method === 'POST' && url.pathname === '/reset') proxy.reset();
    else if (req.method === 'POST' && url.pathname === '/drop') proxy.dropAll();
    else if (req.method === 'POST' && url.pathname === '/blackhole') proxy.blackhole(url.searchParams.get('on') === '1');
    else {
      res.statusCode = 404;
      return res.end();
    }
    res.end('ok');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server })));
}

export default async function setup(project: TestProject) {
  const dovecot = await startTestDovecot({ dataDir: path.join(PROJECT_ROOT, '.data', 'e2e-dovecot') });
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: dovecot.port });
  const control = await startControl(proxy);
  const app = await startApp(proxy.port, 'e2e-app.log');
  const unreachable = await startApp(await freePort(), 'e2e-app-unreachable.log');
  project.provide('appUrl', app.url);
  project.provide('unreachableAppUrl', unreachable.url);
  project.provide('proxyControlUrl', control.url);
  project.provide('e2eImapPort', dovecot.port);
  return async () => {
    app.child.kill();
    unreachable.child.kill();
    control.server.close();
    await proxy.close();
    await dovecot.stop();
  };
}
