/**
 * Vitest globalSetup for the end-to-end tier: a private Dovecot with the fixtures, the counting proxy in front of
 * it, and the production build of the app (`npm run build` must have run) served by server.mjs talking to Dovecot through the proxy.
 * A second app instance points at a port where nothing listens, for the "server unreachable" case; a third at a
 * courier-like Dovecot (rig/dovecot.ts) with the same fixtures and shared folders, for the tests that run on both.
 * Tests reach the proxy's counters through a tiny HTTP control endpoint (they run in other processes).
 */
import http from 'node:http';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startApp, type RunningApp } from '../../rig/app';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import { MAIL_DOMAIN } from '../../rig/postfix';
import { mtaPorts, startTestDovecot, startTestPostfix } from './global-dovecot';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    unreachableAppUrl: string;
    proxyControlUrl: string;
    e2eImapPort: number;
    courierAppUrl: string;
    /** The private Postfix the app sends through; 0 where it could not run (not root). */
    e2eSmtpPort: number;
  }
}

export const E2E_COMMAND_TIMEOUT_SECONDS = 4;

/** An app on `imapPort`; with `smtpPort`, sending through the submission server there (users write as <name>@feather.test). */
function startE2eApp(imapPort: number, logName: string, smtpPort?: number): Promise<RunningApp> {
  const sending: Record<string, string> = smtpPort ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURE: 'none', MAIL_DOMAIN } : {};
  return startApp({
    imapPort,
    logFile: path.join(DATA_ROOT, logName),
    env: { IMAP_COMMAND_TIMEOUT_SECONDS: String(E2E_COMMAND_TIMEOUT_SECONDS), IMAP_MAX_CONNECTIONS_PER_USER: '20', UPLOAD_MAX_MB: '1', ...sending },
  });
}

/** The proxy's counters over HTTP, for tests in other processes (tests/helpers/proxy-control.ts); also used by global-subpath.ts. */
export function startControl(proxy: CountingProxy): Promise<{ url: string; server: http.Server }> {
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
  const mta = await mtaPorts();
  // The app sends through Dovecot's submission server (BURL: a forward's attachments stay on the server), which
  // relays to the private Postfix, which delivers into Dovecot by LMTP. Without root there is no Postfix to relay to.
  const root = process.getuid?.() === 0;
  const submission = root ? { port: await freePort(), relayPort: await freePort() } : undefined;
  const [dovecot, courier] = await Promise.all([
    startTestDovecot({ dataDir: path.join(DATA_ROOT, 'e2e-dovecot'), mta, submission }),
    startTestDovecot({ dataDir: path.join(DATA_ROOT, 'e2e-dovecot-courier'), layout: 'courier-like' }),
  ]);
  const postfix = await startTestPostfix(path.join(DATA_ROOT, 'e2e-postfix'), mta, submission?.relayPort);
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: dovecot.port });
  const control = await startControl(proxy);
  const app = await startE2eApp(proxy.port, 'e2e-app.log', postfix && submission ? submission.port : undefined);
  const unreachable = await startE2eApp(await freePort(), 'e2e-app-unreachable.log');
  const courierApp = await startE2eApp(courier.port, 'e2e-app-courier.log');
  project.provide('appUrl', app.url);
  project.provide('unreachableAppUrl', unreachable.url);
  project.provide('proxyControlUrl', control.url);
  project.provide('e2eImapPort', dovecot.port);
  project.provide('courierAppUrl', courierApp.url);
  project.provide('e2eSmtpPort', postfix && submission ? submission.port : 0);
  return async () => {
    await postfix?.stop();
    await app.stop();
    await unreachable.stop();
    await courierApp.stop();
    await courier.stop();
    control.server.close();
    await proxy.close();
    await dovecot.stop();
  };
}
