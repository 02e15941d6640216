/**
 * Vitest globalSetup for the sub-path tier (tests/subpath): Feather as a school deploys it under /webmail.
 *
 *   Chromium / Node ──https──▶ nginx (Debian's, running deploy/nginx-feather.conf; rig/nginx.ts)
 *                                 └─▶ server.mjs serving the /webmail build in .next-webmail (rig/app.ts)
 *                                        └─▶ counting proxy ─▶ private Dovecot with the fixtures
 *
 * The /webmail build is made by scripts/test-all.sh after the normal one (FEATHER_BASE_PATH=/webmail,
 * FEATHER_DIST_DIR=.next-webmail), so the build in .next the other tiers use stays as it is; here it is built only
 * when missing or made for another base path. The app gets TRUSTED_PROXIES=127.0.0.1 and no FEATHER_BASE_PATH: it
 * serves the build's.
 */
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, builtBasePath, hasBuild, startApp } from '../../rig/app';
import { startCountingProxy } from '../../rig/imap-proxy';
import { startNginx } from '../../rig/nginx';
import { DATA_ROOT, PROJECT_ROOT } from '../../rig/paths';
import { rigCertificates } from '../../rig/tls';
import { startControl } from './global-app';
import { startTestDovecot } from './global-dovecot';

export const SUBPATH = '/webmail';
export const SUBPATH_DIST_DIR = '.next-webmail';
export const SUBPATH_APP_LOG = path.join(DATA_ROOT, 'subpath-app.log');

declare module 'vitest' {
  export interface ProvidedContext {
    /** https://127.0.0.1:port: nginx's TLS server; Feather is under /webmail there. */
    subpathUrl: string;
    /** nginx's plain-HTTP server (redirects to https). */
    subpathHttpUrl: string;
    /** The CA that signed nginx's certificate (PEM file). */
    subpathCaFile: string;
    /** The app itself, without nginx. */
    subpathAppUrl: string;
    subpathNginxErrorLog: string;
  }
}

export default async function setup(project: TestProject) {
  if (!hasBuild(PROJECT_ROOT, SUBPATH_DIST_DIR) || builtBasePath(PROJECT_ROOT, SUBPATH_DIST_DIR) !== SUBPATH) {
    await buildApp(path.join(DATA_ROOT, 'subpath-build.log'), PROJECT_ROOT, { distDir: SUBPATH_DIST_DIR, basePath: SUBPATH });
  }
  const certs = rigCertificates(path.join(DATA_ROOT, 'tls-certs'));
  const dovecot = await startTestDovecot({ dataDir: path.join(DATA_ROOT, 'subpath-dovecot') });
  const stops: Array<() => Promise<void>> = [() => dovecot.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const proxy = await startCountingProxy({ host: '127.0.0.1', port: dovecot.port });
    stops.push(() => proxy.close());
    const control = await startControl(proxy);
    stops.push(async () => void control.server.close());
    const app = await startApp({ imapPort: proxy.port, logFile: SUBPATH_APP_LOG, distDir: SUBPATH_DIST_DIR, env: { TRUSTED_PROXIES: '127.0.0.1', IMAP_MAX_CONNECTIONS_PER_USER: '20' } });
    stops.push(() => app.stop());
    if (app.basePath !== SUBPATH) throw new Error(`the build in ${SUBPATH_DIST_DIR} is for "${app.basePath}", not ${SUBPATH}`);
    const nginx = await startNginx({ dataDir: path.join(DATA_ROOT, 'subpath-nginx'), upstreamPort: Number(new URL(app.url).port), certFile: certs.certFile, keyFile: certs.keyFile });
    stops.push(() => nginx.stop());
    project.provide('subpathUrl', nginx.httpsUrl);
    project.provide('subpathHttpUrl', nginx.httpUrl);
    project.provide('subpathCaFile', certs.caFile);
    project.provide('subpathAppUrl', app.url);
    project.provide('subpathNginxErrorLog', nginx.errorLog);
    project.provide('proxyControlUrl', control.url);
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}
