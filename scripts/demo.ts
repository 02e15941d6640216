/**
 * The demo: a private Dovecot on 127.0.0.1 with a seeded mailbox, and the production build of Feather pointed at
 * it. Prints the URL and the demo login once the app is listening; Ctrl-C stops the app and its Dovecot.
 *   DEMO_IMAP_PORT (default 1143), PORT (default 3000), HOST (default 0.0.0.0), DEMO_INBOX (INBOX size, default 3000).
 * Run by scripts/demo.sh (npm run demo), which installs Dovecot first when it is missing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp, startApp, type RunningApp } from '../rig/app';
import { DEMO_USERS, startDovecot, stopDovecot } from '../rig/dovecot';
import { DATA_ROOT } from '../rig/paths';
import { seedDemo } from '../rig/seed';

const dataDir = path.join(DATA_ROOT, 'demo');
const imapPort = Number(process.env.DEMO_IMAP_PORT ?? 1143);
const port = Number(process.env.PORT ?? 3000);
const inboxCount = Number(process.env.DEMO_INBOX ?? 3000);
const login = DEMO_USERS[0];

let app: RunningApp | undefined;
let stopping: Promise<void> | undefined;

/** Stops what the demo started, once, and says so. */
function stop(reason: string, code: number): Promise<void> {
  stopping ??= (async () => {
    console.log(`\n${reason}: stopping Feather and its Dovecot…`);
    await app?.stop();
    await stopDovecot(dataDir);
    console.log('The demo has stopped.');
    process.exit(code);
  })();
  return stopping;
}

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop(sig === 'SIGINT' ? 'Ctrl-C' : sig, 0));
  fs.mkdirSync(dataDir, { recursive: true });
  const dovecot = await startDovecot({ dataDir, port: imapPort, users: DEMO_USERS });
  // Seed once; delete .data/demo to start over.
  const marker = path.join(dataDir, 'seeded');
  if (!fs.existsSync(marker)) {
    console.log(`Seeding the demo mailbox (${inboxCount} messages in INBOX, and folders)…`);
    const { messages } = await seedDemo(dovecot, login.user, { inboxCount });
    fs.writeFileSync(marker, `${messages}\n`);
  }
  console.log('Building Feather (log in .data/demo-build.log)…');
  await buildApp(path.join(DATA_ROOT, 'demo-build.log'));
  app = await startApp({
    imapPort,
    port,
    logFile: 'inherit',
    // Warnings and errors only on the demo's terminal (LOG_LEVEL=info shows a line per request).
    env: { HOST: process.env.HOST ?? '0.0.0.0', SESSION_SECRET: randomBytes(32).toString('base64url'), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
    // Known before it answers, so a Ctrl-C while it starts stops it too.
    onSpawn: (started) => (app = started),
  });
  console.log(`
  Feather demo is running at   http://localhost:${port}/
  Sign in with   Username: ${login.user}    Password: ${login.password}
  (IMAP: private Dovecot on 127.0.0.1:${imapPort}; press Ctrl-C to stop)
`);
  const code = await app.exited;
  if (!stopping) await stop(`Feather exited (code ${code})`, 1);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stop('The demo could not start', 1);
});
