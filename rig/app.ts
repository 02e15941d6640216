/**
 * Build and start the production app, as a deployment does, for the end-to-end tests, the benchmark and the demo.
 *
 * It runs the package's own `npm run build` (next build + precompressed assets) and `npm run start` (server.mjs:
 * Next.js plus brotli/gzip), NODE_ENV=production, never `next dev`. The server runs in a process group of its own,
 * so `stop()` ends exactly what was started (npm and the server under it) and nothing else.
 *
 * A second build can be made for a sub-path (`BuildOptions`: FEATHER_BASE_PATH, into a FEATHER_DIST_DIR of its own
 * so the default build in .next stays as it is) and started from there (`AppOptions.distDir`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtBasePath } from '../lib/build-env.mjs';
import { freePort } from './net';
import { PROJECT_ROOT } from './paths';

export interface RunningApp {
  /** The server's origin (http://127.0.0.1:port); the app's pages are under `basePath` there. */
  url: string;
  /** The base path the build was made with ('' at the root, else e.g. '/webmail'). */
  basePath: string;
  logFile: string;
  /** Resolves with the exit code when the server ends, stopped or not. */
  exited: Promise<number | null>;
  /** The process group's id (npm, and the Node server under it), for measuring what the server holds. */
  pid?: number;
  stop(): Promise<void>;
}

/** Which build to make: its folder (FEATHER_DIST_DIR) and the base path it is made for (FEATHER_BASE_PATH). */
export interface BuildOptions {
  /** Default `.next`. */
  distDir?: string;
  /** Default '' (the site's root), else e.g. '/webmail'. */
  basePath?: string;
}

export interface AppOptions {
  /** The IMAP server the app talks to, in plaintext on 127.0.0.1 (a private Dovecot or a counting proxy). */
  imapPort: number;
  /** Where the server's output goes; `inherit` shows it on this process's stdout (the demo). */
  logFile: string | 'inherit';
  /** The HTTP port; a free one when not given. */
  port?: number;
  /** Further environment (limits, timeouts) on top of the rig's defaults. */
  env?: Record<string, string>;
  /** Called as soon as the server is spawned, before it answers: a caller stopping early can stop it too. */
  onSpawn?: (app: RunningApp) => void;
  /** The build to serve (FEATHER_DIST_DIR; default .next). Its base path is the build's: FEATHER_BASE_PATH is left unset. */
  distDir?: string;
}

export function lastLines(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

export function hasBuild(root = PROJECT_ROOT, distDir = '.next'): boolean {
  return fs.existsSync(path.join(root, distDir, 'BUILD_ID'));
}

export { builtBasePath };

/** `npm run build`, its output in `logFile`; throws with the log's tail on failure. */
export async function buildApp(logFile: string, root = PROJECT_ROOT, build: BuildOptions = {}): Promise<void> {
  const distDir = build.distDir ?? '.next';
  const log = fs.openSync(logFile, 'w');
  // next build points next-env.d.ts at its own folder's types; a second build elsewhere leaves it as it was.
  const envTypes = path.join(root, 'next-env.d.ts');
  const envTypesBefore = distDir !== '.next' && fs.existsSync(envTypes) ? fs.readFileSync(envTypes, 'utf8') : undefined;
  try {
    const child = spawn('npm', ['run', '--silent', 'build'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', FEATHER_DIST_DIR: distDir, FEATHER_BASE_PATH: build.basePath ?? '' },
      stdio: ['ignore', log, log],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`npm run build failed (exit ${code}); end of ${logFile}:\n${lastLines(logFile, 30)}`);
  } finally {
    fs.closeSync(log);
    if (envTypesBefore !== undefined) fs.writeFileSync(envTypes, envTypesBefore);
  }
}

/** Stop a child spawned as a process-group leader: SIGTERM to its group, SIGKILL after 5 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * `npm run start` (server.mjs) on 127.0.0.1; resolves once the sign-in page (under the build's base path) answers
 * 200 (the server is listening).
 */
export async function startApp(opts: AppOptions, root = PROJECT_ROOT): Promise<RunningApp> {
  const distDir = opts.distDir ?? '.next';
  const basePath = hasBuild(root, distDir) ? builtBasePath(root, distDir) : undefined;
  if (basePath === undefined) throw new Error(`No production build in ${distDir}: run \`npm run build\` first (npm test does).`);
  // The server serves the build's base path when FEATHER_BASE_PATH is unset (as a deployment may leave it).
  const inherited = { ...process.env };
  delete inherited.FEATHER_BASE_PATH;
  const port = opts.port ?? (await freePort());
  const log = opts.logFile === 'inherit' ? 'inherit' : fs.openSync(opts.logFile, 'w');
  const child = spawn('npm', ['run', '--silent', 'start'], {
    cwd: root,
    env: {
      ...inherited,
      FEATHER_DIST_DIR: distDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(opts.imapPort),
      IMAP_SECURE: 'none',
      // A fixed 40-character secret: the rig's sessions only need to outlive one run.
      SESSION_SECRET: 'rig-only-session-secret-0123456789abcdefg',
      ...opts.env,
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  if (typeof log === 'number') fs.closeSync(log);
  const logName = opts.logFile === 'inherit' ? 'the output above' : opts.logFile;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const app: RunningApp = { url: `http://127.0.0.1:${port}`, basePath, logFile: opts.logFile, exited, pid: child.pid, stop: () => stopGroup(child) };
  opts.onSpawn?.(app);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`the app exited (code ${child.exitCode}); ${opts.logFile === 'inherit' ? 'see the output above' : `end of ${opts.logFile}:\n${lastLines(opts.logFile, 20)}`}`);
      }
      try {
        const res = await fetch(`${app.url}${basePath}/login`);
        if (res.ok) return app;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the app did not answer within 60 s; see ${logName}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await app.stop();
    throw err;
  }
}
