/**
 * A private nginx (Debian's package, /usr/sbin/nginx) running the site file Feather ships, deploy/nginx-feather.conf,
 * in front of a rig app: what the test of a sub-path deployment talks to.
 *
 * The site file is used as it is, with only what a test machine must change: the listen addresses (free ports on
 * 127.0.0.1 instead of 80 and 443), the certificate files (the rig's CA, rig/tls.ts) and the port in proxy_pass.
 * Each of those must match exactly once, so a changed site file stops the rig instead of going untested. The main
 * configuration around it is Debian's /etc/nginx/nginx.conf in substance (the site is included into that), with its
 * pid, logs and temp files in the data dir, so it never touches the system's nginx.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { lastLines, stopGroup } from './app';
import { freePort } from './net';
import { PROJECT_ROOT } from './paths';

export const NGINX_BIN = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const SITE_FILE = path.join(PROJECT_ROOT, 'deploy', 'nginx-feather.conf');

export interface SiteChanges {
  httpsPort: number;
  httpPort: number;
  upstreamPort: number;
  certFile: string;
  keyFile: string;
}

/** The shipped site with a test machine's ports and certificate; throws when the site no longer has one of them once. */
export function siteForTest(site: string, c: SiteChanges): string {
  const changes: Array<[RegExp, string, string]> = [
    [/^([ \t]*)listen 443 ssl http2;$/gm, `$1listen 127.0.0.1:${c.httpsPort} ssl http2;`, 'listen 443 ssl http2;'],
    [/^[ \t]*listen \[::\]:443 ssl http2;\n/gm, '', 'listen [::]:443 ssl http2;'],
    [/^([ \t]*)listen 80;$/gm, `$1listen 127.0.0.1:${c.httpPort};`, 'listen 80;'],
    [/^[ \t]*listen \[::\]:80;\n/gm, '', 'listen [::]:80;'],
    [/^([ \t]*)ssl_certificate \S+;$/gm, `$1ssl_certificate ${c.certFile};`, 'ssl_certificate …;'],
    [/^([ \t]*)ssl_certificate_key \S+;$/gm, `$1ssl_certificate_key ${c.keyFile};`, 'ssl_certificate_key …;'],
    [/^([ \t]*)proxy_pass http:\/\/127\.0\.0\.1:3000;$/gm, `$1proxy_pass http://127.0.0.1:${c.upstreamPort};`, 'proxy_pass http://127.0.0.1:3000;'],
  ];
  let out = site;
  for (const [re, replacement, what] of changes) {
    const found = out.match(re)?.length ?? 0;
    if (found !== 1) throw new Error(`deploy/nginx-feather.conf should have \`${what}\` exactly once (found ${found}): change rig/nginx.ts with it`);
    out = out.replace(re, replacement);
  }
  return out;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** The main configuration: Debian's nginx.conf in substance, everything of its own under `dir`. */
export function mainConfig(dir: string, siteFile: string): string {
  const tmp = (name: string) => path.join(dir, 'tmp', name);
  return `# Written by rig/nginx.ts: a private nginx for the tests. Pid, logs and temp files live in this folder.
daemon off;
worker_processes 1;
${isRoot() ? '# As root, the worker would otherwise be nobody, who cannot write the temp folders here.\nuser root;\n' : ''}pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} notice;

events {
    worker_connections 256;
}

http {
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${path.join(dir, 'access.log')};
    gzip on;
    client_body_temp_path ${tmp('client_body')};
    proxy_temp_path ${tmp('proxy')};
    fastcgi_temp_path ${tmp('fastcgi')};
    uwsgi_temp_path ${tmp('uwsgi')};
    scgi_temp_path ${tmp('scgi')};

    include ${siteFile};
}
`;
}

export interface NginxOptions extends Omit<SiteChanges, 'httpsPort' | 'httpPort'> {
  /** Config, pid, logs and temp files (e.g. .data/subpath-nginx). */
  dataDir: string;
  /** The site file (default deploy/nginx-feather.conf). */
  siteFile?: string;
}

export interface RunningNginx {
  /** https://127.0.0.1:port — the site's TLS server. */
  httpsUrl: string;
  /** http://127.0.0.1:port — the site's plain-HTTP server (it redirects to https). */
  httpUrl: string;
  errorLog: string;
  accessLog: string;
  stop(): Promise<void>;
}

function args(dir: string): string[] {
  return ['-p', dir + path.sep, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
}

/** Ends an nginx left running from this data dir by an earlier run that did not get to stop it. */
function stopLeftover(dir: string): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8').trim());
  } catch {
    return;
  }
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  // Only if it is really this instance's master (a pid can be reused).
  if (!cmdline.includes(path.join(dir, 'nginx.conf'))) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // gone meanwhile
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx with the site (config checked first with `nginx -t`); resolves once both ports accept connections. */
export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  const dir = path.resolve(opts.dataDir);
  stopLeftover(dir);
  fs.mkdirSync(path.join(dir, 'tmp'), { recursive: true });
  // This run's logs only.
  for (const log of ['error.log', 'access.log']) fs.rmSync(path.join(dir, log), { force: true });
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const siteFile = path.join(dir, 'site.conf');
  const site = fs.readFileSync(opts.siteFile ?? SITE_FILE, 'utf8');
  fs.writeFileSync(siteFile, siteForTest(site, { httpsPort, httpPort, upstreamPort: opts.upstreamPort, certFile: opts.certFile, keyFile: opts.keyFile }));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), mainConfig(dir, siteFile));
  const check = spawnSync(NGINX_BIN, ['-t', ...args(dir)], { encoding: 'utf8' });
  if (check.error) throw new Error(`cannot run ${NGINX_BIN} (${check.error.message}): install Debian's nginx (scripts/install-system.sh does)`);
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration in ${dir}:\n${check.stderr}`);

  const logFile = path.join(dir, 'nginx.out');
  const out = fs.openSync(logFile, 'w');
  const child = spawn(NGINX_BIN, args(dir), { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const running: RunningNginx = {
    httpsUrl: `https://127.0.0.1:${httpsPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    errorLog: path.join(dir, 'error.log'),
    accessLog: path.join(dir, 'access.log'),
    stop: () => stopGroup(child),
  };
  const deadline = Date.now() + 20_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`nginx exited (code ${child.exitCode}); end of ${running.errorLog}:\n${lastLines(running.errorLog, 20)}`);
      if ((await answers(httpsPort)) && (await answers(httpPort))) return running;
      if (Date.now() > deadline) throw new Error(`nginx did not listen within 20 s; see ${running.errorLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await running.stop();
    throw err;
  }
}
