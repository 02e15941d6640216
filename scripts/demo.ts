/**
 * The demo: a private Dovecot on 127.0.0.1 with a seeded mailbox, a private Postfix beside it (as root: mail sent to
 * an address @feather.test arrives in that user's INBOX; DEMO_SMTP_PORT is Dovecot's submission server, which
 * relays to it), and the production build of Feather pointed at both.
 * Prints the URL and the demo login once the app is listening; Ctrl-C stops the app, its Postfix and its Dovecot.
 *   DEMO_IMAP_PORT (default 1143), DEMO_SMTP_PORT (default 1587), PORT (default 3000), HOST (default 0.0.0.0),
 *   DEMO_INBOX (INBOX size, default 3000).
 * Run by scripts/demo.sh (npm run demo), which installs Dovecot first when it is missing.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildApp, startApp, type RunningApp } from '../rig/app';
import { DEMO_USERS, indexMail, startDovecot, stopDovecot } from '../rig/dovecot';
import { freePort } from '../rig/net';
import { DATA_ROOT } from '../rig/paths';
import { MAIL_DOMAIN, startPostfix, stopPostfix } from '../rig/postfix';
import { seedDemo } from '../rig/seed';

const dataDir = path.join(DATA_ROOT, 'demo');
const imapPort = Number(process.env.DEMO_IMAP_PORT ?? 1143);
const smtpPort = Number(process.env.DEMO_SMTP_PORT ?? 1587);
const postfixDir = path.join(DATA_ROOT, 'demo-postfix');
const port = Number(process.env.PORT ?? 3000);
const inboxCount = Number(process.env.DEMO_INBOX ?? 3000);
const login = DEMO_USERS[0];

let app: RunningApp | undefined;
let stopping: Promise<void> | undefined;

/** Stops what the demo started, once, and says so. */
function stop(reason: string, code: number): Promise<void> {
  stopping ??= (async () => {
    console.log(`\n${reason}: stopping Feather, its Postfix and its Dovecot…`);
    await app?.stop();
    await stopPostfix(postfixDir).catch(() => false);
    await stopDovecot(dataDir);
    console.log('The demo has stopped.');
    process.exit(code);
  })();
  return stopping;
}

async function main() {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop(sig === 'SIGINT' ? 'Ctrl-C' : sig, 0));
  fs.mkdirSync(dataDir, { recursive: true });
  const mta = { lmtpPort: await freePort(), authPort: await freePort() };
  // Postfix's master must run as root; without it the demo reads mail only (and says so on its pages). With it,
  // Feather submits to Dovecot's submission server on smtpPort (BURL: a forward's attachments stay on the server),
  // which relays to Postfix on loopback, which delivers into Dovecot over LMTP.
  const root = process.getuid?.() === 0;
  const relayPort = root ? await freePort() : 0;
  // With the full-text index (dovecot-fts-xapian): searching the message text answers at once.
  const dovecot = await startDovecot({ dataDir, port: imapPort, users: DEMO_USERS, options: { mta, fts: true, attachmentKeywords: true, ...(root ? { submission: { port: smtpPort, relayPort } } : {}) } });
  const sending = root ? await startPostfix({ dataDir: postfixDir, port: await freePort(), ...mta, relayPort, users: DEMO_USERS.map((u) => u.user) }) : null;
  if (!sending) console.log('Not root: no private Postfix, so the demo reads mail only (sending needs root to start Postfix).');
  // Seed once; delete .data/demo to start over.
  const marker = path.join(dataDir, 'seeded');
  if (!fs.existsSync(marker)) {
    console.log(`Seeding the demo mailbox (${inboxCount} messages in INBOX, and folders)…`);
    const { messages } = await seedDemo(dovecot, login.user, { inboxCount });
    console.log('Building the full-text index…');
    await indexMail(dovecot, login.user);
    fs.writeFileSync(marker, `${messages}\n`);
  }
  console.log('Building Feather (log in .data/demo-build.log)…');
  await buildApp(path.join(DATA_ROOT, 'demo-build.log'));
  app = await startApp({
    imapPort,
    port,
    logFile: 'inherit',
    // Warnings and errors only on the demo's terminal (LOG_LEVEL=info shows a line per request).
    env: {
      HOST: process.env.HOST ?? '0.0.0.0',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      MAIL_DOMAIN,
      ...(sending ? { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURE: 'none' } : {}),
    },
    // Known before it answers, so a Ctrl-C while it starts stops it too.
    onSpawn: (started) => (app = started),
  });
  console.log(`
  Feather demo is running at   http://localhost:${port}/
  Sign in with   Username: ${login.user}    Password: ${login.password}
  (IMAP: private Dovecot on 127.0.0.1:${imapPort}; ${sending ? `sending: Dovecot's submission server on 127.0.0.1:${smtpPort}, relaying to a private Postfix; write to ${login.user}@${MAIL_DOMAIN}` : 'no sending'}; press Ctrl-C to stop)
`);
  const code = await app.exited;
  if (!stopping) await stop(`Feather exited (code ${code})`, 1);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await stop('The demo could not start', 1);
});
