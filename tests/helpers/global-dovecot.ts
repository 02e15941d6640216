/**
 * Vitest globalSetup for the integration tier: a private Dovecot on a free port with the
 * fixture mailbox for alice and an empty one for bob. Tests read the port with
 * `inject('imapPort')`. `startTestDovecot()` is reused by the e2e globalSetup.
 *
 * Beside it, a courier-like one (rig/dovecot.ts: personal prefix "INBOX.", "." delimiter, other users' and public
 * namespaces, no LIST-STATUS, SPECIAL-USE or ESEARCH) with the same fixtures, plus a public folder and a folder bob
 * shares with alice: `inject('courierImapPort')`.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDovecot, doveadm, indexMail, stopDovecot, type DovecotInstance, type DovecotLayout } from '../../rig/dovecot';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import { startPostfix, type PostfixInstance } from '../../rig/postfix';
import { seedFixtures, seedSearchCorpus, seedSharedFolders } from '../../rig/seed';
import { TEST_USERS } from './fixtures';

declare module 'vitest' {
  export interface ProvidedContext {
    imapPort: number;
    dovecotDataDir: string;
    courierImapPort: number;
    /** The private Postfix's submission port; 0 where it could not run (not root). */
    smtpPort: number;
  }
}

export const TEST_DOVECOT_DIR = path.join(DATA_ROOT, 'test-dovecot');
export const COURIER_DOVECOT_DIR = path.join(DATA_ROOT, 'test-dovecot-courier');

export interface TestDovecot {
  dovecot: DovecotInstance;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Start (restarting any leftover instance of the same dir) and seed the test accounts. */
export async function startTestDovecot(opts: { dataDir?: string; port?: number; layout?: DovecotLayout; mta?: { lmtpPort: number; authPort: number }; submission?: { port: number; relayPort: number } } = {}): Promise<TestDovecot> {
  const dataDir = opts.dataDir ?? TEST_DOVECOT_DIR;
  const port = opts.port ?? (await freePort());
  // Fresh mailboxes every run: tests append, flag and delete.
  await stopDovecot(dataDir);
  await fsp.rm(path.join(dataDir, 'home'), { recursive: true, force: true });
  // Dovecot's own layout runs the full-text index, as the demo's and the bench's do; the courier-like one has none
  // (a server that reads every message to search its text).
  const fts = opts.layout !== 'courier-like';
  const dovecot = await startDovecot({ dataDir, port, users: Object.values(TEST_USERS), layout: opts.layout, options: { fts, ...(opts.mta ? { mta: opts.mta } : {}), ...(opts.submission ? { submission: opts.submission } : {}) } });
  await seedFixtures(dovecot, TEST_USERS.alice.user);
  await seedFixtures(dovecot, TEST_USERS.pat.user);
  await seedSearchCorpus(dovecot, TEST_USERS.sam.user);
  if (fts) for (const u of [TEST_USERS.alice.user, TEST_USERS.pat.user, TEST_USERS.sam.user]) await indexMail(dovecot, u);
  // bob: an empty account; touching INBOX creates the Maildir (special-use folders appear on first LIST).
  await doveadm(dovecot, ['mailbox', 'status', '-u', TEST_USERS.bob.user, 'messages', 'INBOX']);
  if (opts.layout === 'courier-like') await seedSharedFolders(dovecot, TEST_USERS.alice.user, TEST_USERS.bob.user);
  return { dovecot, port, dataDir: dovecot.dataDir, stop: () => dovecot.stop() };
}

/**
 * A private Postfix beside a test Dovecot (which must have been started with the same `mta` ports), taking
 * submissions with SMTP AUTH and delivering into that Dovecot (with `relayPort`, also what Dovecot's submission
 * server relays there, unauthenticated, on loopback). Only as root (Postfix's master must be); else null,
 * and the tests that send say they were skipped for it.
 */
export async function startTestPostfix(dataDir: string, mta: { lmtpPort: number; authPort: number }, relayPort?: number): Promise<PostfixInstance | null> {
  if (process.getuid?.() !== 0) return null;
  return startPostfix({ dataDir, port: await freePort(), ...mta, relayPort, users: Object.values(TEST_USERS).map((u) => u.user) });
}

export async function mtaPorts(): Promise<{ lmtpPort: number; authPort: number }> {
  return { lmtpPort: await freePort(), authPort: await freePort() };
}

export default async function setup(project: TestProject) {
  const mta = await mtaPorts();
  const [t, courier] = await Promise.all([startTestDovecot({ mta }), startTestDovecot({ dataDir: COURIER_DOVECOT_DIR, layout: 'courier-like' })]);
  const postfix = await startTestPostfix(path.join(DATA_ROOT, 'test-postfix'), mta);
  project.provide('imapPort', t.port);
  project.provide('dovecotDataDir', t.dataDir);
  project.provide('courierImapPort', courier.port);
  project.provide('smtpPort', postfix?.port ?? 0);
  return async () => {
    await postfix?.stop();
    await Promise.all([t.stop(), courier.stop()]);
  };
}
