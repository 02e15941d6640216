/**
 * npm run bench — what each read step costs between Feather and the IMAP server, in figures.
 *
 * Starts a private Dovecot (.data/bench) seeded once with the demo mailbox: INBOX of BENCH_INBOX (1,000)
 * messages plus the special ones, and `Archive/Big` of BENCH_BIG (100,000). Then, through the counting proxy,
 * it runs Feather's own lib/imap operations as the pages do and prints bytes and commands to and from IMAP and
 * the time taken (median of BENCH_RUNS warm runs). Results also go to bench-results.json.
 * Browser-side figures (bytes to the browser, slow-link timing) are not measured here yet.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConnectionPool, type Account } from '../lib/imap/pool';
import { listFolders, listMessages, openMessage } from '../lib/imap/mail';
import { planBody } from '../lib/mime/plan';
import { startCountingProxy } from '../tests/helpers/imap-proxy';
import { PROJECT_ROOT, resyncUser, startDovecot, stopDovecot } from './dovecot';
import { seedDemo } from './seed';
import { SPECIAL } from './seed-data';

const INBOX_COUNT = Number(process.env.BENCH_INBOX ?? 1000);
const BIG_COUNT = Number(process.env.BENCH_BIG ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const USER = { user: 'student', password: 'feather-demo' };
const dataDir = path.join(PROJECT_ROOT, '.data', 'bench');

interface Row {
  step: string;
  bytesFromImap: number;
  bytesToImap: number;
  commands: number;
  medianMs: number;
  commandList: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const marker = path.join(dataDir, `seeded-${INBOX_COUNT}-${BIG_COUNT}`);
  await stopDovecot(dataDir);
  const port = 11000 + Math.floor(Math.random() * 900);
  const dovecot = await startDovecot({ dataDir, port, users: [USER] });
  try {
    if (!fs.existsSync(marker)) {
      const t = performance.now();
      console.log(`Seeding INBOX ${INBOX_COUNT} + Archive/Big ${BIG_COUNT} (once)…`);
      await seedDemo(dovecot, USER.user, { inboxCount: INBOX_COUNT, bigFolderCount: BIG_COUNT });
      await resyncUser(dovecot, USER.user);
      fs.writeFileSync(marker, new Date().toISOString());
      console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const proxy = await startCountingProxy({ host: '127.0.0.1', port });
    const pool = new ConnectionPool({
      server: { host: '127.0.0.1', port: proxy.port, secure: 'none', rejectUnauthorized: true },
      idleTimeoutMs: 600_000,
      commandTimeoutMs: 120_000,
      maxConnections: 10,
      maxConnectionsPerUser: 10,
    });
    const account: Account = { sid: 'bench', ...USER };
    await pool.signIn(account);
    // Warm Dovecot's indexes once, as a server in use has them.
    await listMessages(pool, account, 'Archive/Big', 1);
    await listMessages(pool, account, 'INBOX', 1);

    const rows: Row[] = [];
    const measure = async (step: string, before: () => Promise<unknown>, work: () => Promise<unknown>) => {
      const times: number[] = [];
      let last = { bytesFromServer: 0, bytesToServer: 0, commands: [] as string[] };
      for (let i = 0; i < RUNS; i++) {
        await before();
        proxy.reset();
        const t = performance.now();
        await work();
        times.push(performance.now() - t);
        last = proxy.stats();
      }
      rows.push({ step, bytesFromImap: last.bytesFromServer, bytesToImap: last.bytesToServer, commands: last.commands.length, medianMs: median(times), commandList: last.commands });
    };
    const none = async () => undefined;
    const selectOther = (folder: string) => () => listMessages(pool, account, folder, 1);

    await measure('folder tree (LIST + STATUS)', none, () => listFolders(pool, account));
    await measure(`open INBOX (${INBOX_COUNT + 9} msgs), page 1`, selectOther('Projects'), () => listMessages(pool, account, 'INBOX', 1));
    await measure(`open Archive/Big (${BIG_COUNT} msgs), page 1`, selectOther('Projects'), () => listMessages(pool, account, 'Archive/Big', 1));
    await measure('INBOX, page 2 (already selected)', none, () => listMessages(pool, account, 'INBOX', 2));
    await measure('Archive/Big, page 1000 (already selected)', selectOther('Archive/Big'), () => listMessages(pool, account, 'Archive/Big', 1000));

    const inbox = await listMessages(pool, account, 'INBOX', 1);
    const large = inbox.messages.find((m) => m.subject === SPECIAL.largeAttachment)!;
    const text = inbox.messages.find((m) => m.subject === SPECIAL.legacyCharset)!;
    const openAs = (uid: number) => () =>
      openMessage(pool, account, 'INBOX', uid, (d) => {
        const plan = planBody(d.structure!, { preferText: false });
        return plan.body ? [{ section: plan.body.section, maxBytes: 65536 }] : [];
      }, { markSeen: false });
    await measure('open 3 KB text + 20 MB attachment message', none, openAs(large.uid));
    await measure('open a short legacy-charset text message', none, openAs(text.uid));
    await pool.closeAll();
    await proxy.close();

    const w = (s: string | number, n: number) => String(s).padStart(n);
    console.log(`\nIMAP cost per step (median of ${RUNS} warm runs; bytes of the last run)\n`);
    console.log(`${'step'.padEnd(46)} ${w('from IMAP', 10)} ${w('to IMAP', 8)} ${w('cmds', 5)} ${w('ms', 7)}`);
    for (const r of rows) console.log(`${r.step.padEnd(46)} ${w(r.bytesFromImap, 10)} ${w(r.bytesToImap, 8)} ${w(r.commands, 5)} ${w(r.medianMs.toFixed(1), 7)}`);
    console.log('\ncommands:');
    for (const r of rows) console.log(`  ${r.step}: ${r.commandList.join(' | ')}`);
    fs.writeFileSync(path.join(PROJECT_ROOT, 'bench-results.json'), JSON.stringify({ date: new Date().toISOString(), inbox: INBOX_COUNT, big: BIG_COUNT, runs: RUNS, rows }, null, 2));
    console.log('\nwritten to bench-results.json');
  } finally {
    await stopDovecot(dataDir);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
