/**
 * Build and start the production app for `npm run bench` (scripts/bench.ts).
 *
 * The benchmark measures what a user of the deployed app gets, so it runs the package's own `npm run build`
 * (next build + precompressed assets) and `npm run start` (server.mjs: Next.js plus brotli/gzip), NODE_ENV=production,
 * never `next dev`. Both run as our own child processes; `stop()` ends exactly the process group we started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The command line of one phase: the package's npm script, as a deployment runs it. */
function command(phase: 'build' | 'start'): [string, string[]] {
  return ['npm', ['run', '--silent', phase]];
}

export interface RunningApp {
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function lastLines(file: string, n: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** `npm run build` in `root`, its output in `logFile`; throws with the log's tail on failure. */
export async function buildApp(root: string, logFile: string): Promise<void> {
  const log = fs.openSync(logFile, 'w');
  try {
    const [cmd, args] = command('build');
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', log, log],
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`npm run build failed (exit ${code}); end of ${logFile}:\n${lastLines(logFile, 30)}`);
  } finally {
    fs.closeSync(log);
  }
}

/** Stop a child we spawned as a process-group leader: SIGTERM to its group, SIGKILL after 5 s. */
async function stopChild(child: ChildProcess): Promise<void> {
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
 * `npm run start` (server.mjs) on a free port of 127.0.0.1, talking IMAP in plaintext to `imapPort` (the counting proxy).
 * Resolves once /login answers 200.
 */
export async function startApp(root: string, opts: { imapPort: number; logFile: string }): Promise<RunningApp> {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('No production build in .next (run npm run build first).');
  const port = await freePort();
  const log = fs.openSync(opts.logFile, 'w');
  const [cmd, args] = command('start');
  const child = spawn(cmd, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(opts.imapPort),
      IMAP_SECURE: 'none',
      // A fixed 40-character secret: sessions only need to outlive this one run.
      SESSION_SECRET: 'bench-only-session-secret-0123456789abcd',
    },
    stdio: ['ignore', log, log],
    // Its own process group, so stop() reaches npm and the server it starts, and nothing else.
    detached: true,
  });
  fs.closeSync(log);
  const app: RunningApp = { url: `http://127.0.0.1:${port}`, logFile: opts.logFile, stop: () => stopChild(child) };
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited (code ${child.exitCode}); end of ${opts.logFile}:\n${lastLines(opts.logFile, 20)}`);
      try {
        const res = await fetch(`${app.url}/login`);
        if (res.ok) return app;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the app did not answer within 60 s; see ${opts.logFile}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await app.stop();
    throw err;
  }
}
