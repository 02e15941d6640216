/**
 * npm run bench — what each read step costs, in figures: between Feather and the IMAP server, and between
 * Feather and the browser.
 *
 * 1. Starts a private Dovecot (.data/bench) seeded once with the demo mailbox: INBOX of BENCH_INBOX (1,000)
 *    messages plus the special ones, and `Archive/Big` of BENCH_BIG (100,000).
 * 2. IMAP side: through the counting proxy, runs Feather's own lib/imap operations as the pages do and prints
 *    bytes and commands to and from IMAP and the time taken (median of BENCH_RUNS warm runs).
 * 3. Browser side: builds the app (`npm run build`; BENCH_SKIP_BUILD=1 reuses .next), starts it (`npm run start`)
 *    behind a second counting proxy, and drives headless Chromium through the read steps
 *    (scripts/bench-browser.ts): bytes to the browser cold and warm, time to readable, the same on a slow link,
 *    IMAP cost per page; then checks the budgets (scripts/bench-report.ts).
 * 4. As root: forwards the 20 MB-attachment message on each way Feather sends (BURL; streamed without BURL;
 *    streamed and APPENDed without CATENATE) and prints the bytes through the web server (scripts/bench-forward.ts).
 * Everything goes to stdout and to bench-results.json. Budgets are reported, never asserted: the exit code is 0
 * unless the benchmark itself broke. Everything started here is stopped on the way out, failure or Ctrl-C.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Account } from '../lib/imap/pool';
import { downloadMessage, listFolders, listMessages, openMessage, searchMessages } from '../lib/imap/mail';
import { storeMessage } from '../lib/imap/drafts';
import { forgetSearches } from '../lib/imap/search';
import { planBody } from '../lib/mime/plan';
import { buildApp, startApp } from '../rig/app';
import { startCountingProxy } from '../rig/imap-proxy';
import { freePort } from '../rig/net';
import { DATA_ROOT, PROJECT_ROOT } from '../rig/paths';
import { rigPool } from '../rig/pool';
import { runBrowserBench, type BrowserBenchResult } from './bench-browser';
import { checkBudgets, checkViewBudgets, printReport, printViews, readableChecks } from './bench-report';
import { doveadm, indexMail, resyncUser, startDovecot, stopDovecot, type DovecotInstance } from '../rig/dovecot';
import { MAIL_DOMAIN, startPostfix } from '../rig/postfix';
import { printForward, runForwardBench, type ForwardRow } from './bench-forward';
import { printTextSearch, runTextSearchBench } from './bench-search';
import { printLive, runLiveBench, type LiveBenchResult } from './bench-live';
import { printLoad, runLoadBench, type LoadOptions } from './bench-load';
import { seedDemo } from '../rig/seed';
import { DEMO_PEOPLE, DEMO_SENTENCES, DEMO_SUBJECTS, SPECIAL, SPECIAL_ORDER } from '../rig/seed-data';

const INBOX_COUNT = Number(process.env.BENCH_INBOX ?? 1000);
const BIG_COUNT = Number(process.env.BENCH_BIG ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SKIP_BUILD = process.env.BENCH_SKIP_BUILD === '1';
const USER = { user: 'student', password: 'feather-demo' };
/** The bench mailbox read with the full-text index switched off (the same mail): the text search without an index. */
const UNINDEXED = { user: 'student-noindex', password: 'feather-demo', sameMailAs: USER.user };
/** Who the forward step sends to: a second account, so the bench mailbox stays as seeded. */
const RECIPIENT = { user: 'reader', password: 'feather-reader' };
const ROOT = process.getuid?.() === 0;
const BIG_FOLDER = 'Archive/Big';
const dataDir = path.join(DATA_ROOT, 'bench');
/**
 * The search step's term: only in the demo subject "Travel reimbursement approved", one of the 24 the seed
 * picks from, so about 1 in 24 INBOX messages match (44 of the 1,010 in the seeded bench mailbox) — whether the
 * search looks at subjects, senders or the whole text, since no sender and no body sentence contains it.
 */
const SEARCH_TERM = 'reimbursement';
{
  const has = (s: string) => s.toLowerCase().includes(SEARCH_TERM);
  if (DEMO_SUBJECTS.filter(has).length !== 1 || DEMO_PEOPLE.some((p) => has(p.name) || has(p.address)) || DEMO_SENTENCES.some(has) || Object.values(SPECIAL).some(has)) {
    throw new Error(`search term "${SEARCH_TERM}" no longer picks out one demo subject; choose another`);
  }
}

interface Row {
  step: string;
  /** On the wire (compressed: the bench's Dovecot offers COMPRESS=DEFLATE). */
  bytesFromImap: number;
  /** The same bytes inflated: what a server without COMPRESS would send. */
  bytesFromImapInflated: number;
  bytesToImap: number;
  commands: number;
  medianMs: number;
  commandList: string[];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// ----------------------------------------------------------------------------------------- cleanup

/** Stoppers of everything started, run last-started first, once, whatever happens. */
const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | null = null;
function onCleanup(what: string, run: () => Promise<void>): void {
  cleanups.push({ what, run });
}
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const c of cleanups.reverse()) {
      try {
        await c.run();
      } catch (err) {
        console.error(`could not stop ${c.what}:`, err instanceof Error ? err.message : err);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping what the benchmark started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ----------------------------------------------------------------------------------------- IMAP side

async function imapSide(imapPort: number): Promise<Row[]> {
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: imapPort });
  onCleanup('IMAP-side counting proxy', () => proxy.close());
  const pool = rigPool(proxy.port, { idleTimeoutMs: 600_000, commandTimeoutMs: 120_000, maxConnections: 10 });
  onCleanup('IMAP-side connection pool', () => pool.closeAll());
  const account: Account = { sid: 'bench', ...USER };
  await pool.signIn(account);
  // Warm Dovecot's indexes once, as a server in use has them.
  await listMessages(pool, account, BIG_FOLDER, 1);
  await listMessages(pool, account, 'INBOX', 1);

  const rows: Row[] = [];
  const measure = async (step: string, before: () => Promise<unknown>, work: () => Promise<unknown>) => {
    const times: number[] = [];
    let last = { bytesFromServer: 0, bytesFromServerInflated: 0, bytesToServer: 0, commands: [] as string[] };
    for (let i = 0; i < RUNS; i++) {
      await before();
      proxy.reset();
      const t = performance.now();
      await work();
      times.push(performance.now() - t);
      last = proxy.stats();
    }
    rows.push({ step, bytesFromImap: last.bytesFromServer, bytesFromImapInflated: last.bytesFromServerInflated, bytesToImap: last.bytesToServer, commands: last.commands.length, medianMs: median(times), commandList: last.commands });
  };
  const none = async () => undefined;
  const selectOther = (folder: string) => () => listMessages(pool, account, folder, 1);

  await measure('folder tree (LIST + STATUS)', none, () => listFolders(pool, account));
  await measure(`open INBOX (${INBOX_COUNT + SPECIAL_ORDER.length} msgs), page 1`, selectOther('Projects'), () => listMessages(pool, account, 'INBOX', 1));
  await measure(`open ${BIG_FOLDER} (${BIG_COUNT} msgs), page 1`, selectOther('Projects'), () => listMessages(pool, account, BIG_FOLDER, 1));
  await measure('INBOX, page 2 (already selected)', none, () => listMessages(pool, account, 'INBOX', 2));
  await measure(`${BIG_FOLDER}, page 1000 (already selected)`, selectOther(BIG_FOLDER), () => listMessages(pool, account, BIG_FOLDER, 1000));
  // As the search form sends it from INBOX page 1: subject, people and the message text. Each run searches anew
  // (a text search's results are kept for its other pages: forgotten before each run).
  const found = await searchMessages(pool, account, 'INBOX', { text: SEARCH_TERM, body: true }, 1);
  await measure(`search "${SEARCH_TERM}" in INBOX (${found.total} matches)`, async () => (await selectOther('INBOX')(), forgetSearches(account.sid)), () =>
    searchMessages(pool, account, 'INBOX', { text: SEARCH_TERM, body: true }, 1),
  );

  const inbox = await listMessages(pool, account, 'INBOX', 1);
  const large = inbox.messages.find((m) => m.subject === SPECIAL.largeAttachment)!;
  const text = inbox.messages.find((m) => m.subject === SPECIAL.legacyCharset)!;
  const openAs = (uid: number) => () =>
    openMessage(pool, account, 'INBOX', uid, (d) => {
      const plan = planBody(d.structure!, { preferText: false });
      return plan.body ? [{ section: plan.body.section, maxBytes: 65536 }] : [];
    }, { markSeen: false, list: {} }); // as the message page asks: with its neighbours in the folder's list
  await measure('open 3 KB text + 20 MB attachment message', none, openAs(large.uid));
  await measure('open a short legacy-charset text message', none, openAs(text.uid));
  await pool.closeAll();
  await proxy.close();

  const w = (s: string | number, n: number) => String(s).padStart(n);
  console.log(`\nIMAP cost per step, lib/imap alone (median of ${RUNS} warm runs; bytes of the last run)\n`);
  console.log(`${'step'.padEnd(46)} ${w('from IMAP', 10)} ${w('inflated', 9)} ${w('to IMAP', 8)} ${w('cmds', 5)} ${w('ms', 7)}`);
  for (const r of rows) console.log(`${r.step.padEnd(46)} ${w(r.bytesFromImap, 10)} ${w(r.bytesFromImapInflated, 9)} ${w(r.bytesToImap, 8)} ${w(r.commands, 5)} ${w(r.medianMs.toFixed(1), 7)}`);
  console.log('  from IMAP: on the wire, COMPRESS=DEFLATE (RFC 4978) on; inflated: the same answers as a server without it sends them.');
  // Issue 13: the IMAP side of a 50-row list page.
  const LIST_PAGE_BUDGET = 20 * 1024;
  for (const r of rows.filter((x) => /page \d+/.test(x.step))) {
    const pass = r.bytesFromImap <= LIST_PAGE_BUDGET;
    console.log(`  ${pass ? 'PASS' : 'FAIL'}  (I1) ${r.step}: from IMAP ≤ 20 KiB: ${r.bytesFromImap} B on the wire (${r.bytesFromImapInflated} B inflated${r.bytesFromImapInflated <= LIST_PAGE_BUDGET ? '' : ', over without COMPRESS'})`);
  }
  console.log('\ncommands:');
  for (const r of rows) console.log(`  ${r.step}: ${r.commandList.join(' | ')}`);
  return rows;
}

// ----------------------------------------------------------------------------------------- browser side

async function browserSide(imapPort: number): Promise<{ browser: BrowserBenchResult; basic: BrowserBenchResult; live: LiveBenchResult }> {
  if (SKIP_BUILD) console.log('\nBENCH_SKIP_BUILD=1: using the existing .next build');
  else {
    const t = performance.now();
    console.log('\nBuilding the app (npm run build; log in .data/bench-build.log)…');
    await buildApp(path.join(DATA_ROOT, 'bench-build.log'));
    console.log(`built in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  // Its own proxy, so the app's traffic is counted apart from anything else.
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: imapPort });
  onCleanup('app-side counting proxy', () => proxy.close());
  const app = await startApp({ imapPort: proxy.port, logFile: path.join(DATA_ROOT, 'bench-app.log') });
  onCleanup('the app', () => app.stop());
  console.log(`npm run start (server.mjs) on ${app.url} (log in .data/bench-app.log); driving Chromium…`);
  const pass = (view: 'standard' | 'basic') =>
    runBrowserBench({
      baseUrl: app.url,
      proxy,
      user: USER.user,
      password: USER.password,
      subjects: { text: SPECIAL.legacyCharset, largeAttachment: SPECIAL.largeAttachment, newsletter: SPECIAL.newsletter },
      searchTerm: SEARCH_TERM,
      bigFolder: BIG_FOLDER,
      view,
      log: (line) => console.log(`  ${view === 'basic' ? 'basic: ' : ''}${line}`),
    });
  const browser = await pass('standard');
  // The same steps as Basic HTML: the browser has chosen it.
  const basic = await pass('basic');
  console.log('  live updates: 50 idle tabs…');
  const live = await runLiveBench(app, proxy, USER.user, USER.password);
  return { browser, basic, live };
}

// ----------------------------------------------------------------------------------------- forward

/**
 * Forwarding the 20 MB-attachment message on each of Feather's ways of sending (scripts/bench-forward.ts): a private
 * Postfix (delivering to RECIPIENT), Dovecot's submission server in front of it, and a small courier-like Dovecot
 * without CATENATE holding a copy of the message. What the step sends and files is expunged afterwards.
 */
async function forwardSide(dovecot: DovecotInstance, mta: { lmtpPort: number; authPort: number }, submission: { port: number; relayPort: number }): Promise<ForwardRow[]> {
  const postfix = await startPostfix({ dataDir: path.join(DATA_ROOT, 'bench-postfix'), port: await freePort(), ...mta, relayPort: submission.relayPort, users: [USER.user, RECIPIENT.user] });
  onCleanup('Postfix', () => postfix.stop());
  const courierDir = path.join(DATA_ROOT, 'bench-courier');
  await stopDovecot(courierDir);
  const courier = await startDovecot({ dataDir: courierDir, port: await freePort(), users: [USER], layout: 'courier-like' });
  onCleanup('courier-like Dovecot', () => courier.stop());
  await copyMessage(dovecot.port, courier.port, SPECIAL.largeAttachment);
  const pools: ReturnType<typeof rigPool>[] = [];
  onCleanup('forward pools', async () => void (await Promise.all(pools.map((p) => p.closeAll()))));
  try {
    return await runForwardBench(
      {
        user: USER,
        subject: SPECIAL.largeAttachment,
        recipient: `${RECIPIENT.user}@${MAIL_DOMAIN}`,
        from: `${USER.user}@${MAIL_DOMAIN}`,
        makePool: (p) => {
          const pool = rigPool(p, { idleTimeoutMs: 600_000, commandTimeoutMs: 120_000, maxConnections: 10 });
          pools.push(pool);
          return pool;
        },
        paths: [
          { name: 'CATENATE + URLAUTH + BURL (Dovecot submission)', imapPort: dovecot.port, smtpPort: submission.port, sent: 'Sent', drafts: 'Drafts' },
          { name: 'no BURL (Postfix straight): streamed', imapPort: dovecot.port, smtpPort: postfix.port, sent: 'Sent', drafts: 'Drafts' },
          { name: 'no CATENATE (courier-like): streamed + APPEND', imapPort: courier.port, smtpPort: postfix.port, sent: 'INBOX', drafts: undefined },
        ],
      },
      (line) => console.log(`  ${line}`),
    );
  } finally {
    // The forwards and their copies go again, so the next run starts from the same mailboxes.
    await new Promise((r) => setTimeout(r, 2000));
    await doveadm(dovecot, ['expunge', '-u', RECIPIENT.user, 'mailbox', 'INBOX', 'all']).catch(() => '');
    await doveadm(dovecot, ['expunge', '-u', USER.user, 'mailbox', 'Sent', 'header', 'Message-ID', 'bench-forward-']).catch(() => '');
    await doveadm(courier, ['expunge', '-u', USER.user, 'mailbox', 'INBOX', 'header', 'Message-ID', 'bench-forward-']).catch(() => '');
  }
}

/** Copies the newest message with `subject` from INBOX on one server to INBOX on another, unless it is there. */
async function copyMessage(fromPort: number, toPort: number, subject: string): Promise<void> {
  const [from, to] = [rigPool(fromPort), rigPool(toPort)];
  try {
    const account: Account = { sid: 'bench-copy', ...USER };
    await Promise.all([from.signIn(account), to.signIn(account)]);
    const there = await searchMessages(to, account, 'INBOX', { text: subject, body: false }, 1);
    if (there.messages.some((m) => m.subject === subject)) return;
    const found = await searchMessages(from, account, 'INBOX', { text: subject, body: false }, 1);
    const row = found.messages.find((m) => m.subject === subject);
    if (!row) throw new Error(`"${subject}" not found to copy`);
    const chunks: Buffer[] = [];
    for await (const c of (await downloadMessage(from, account, 'INBOX', row.uid)).stream) chunks.push(Buffer.from(c as Uint8Array));
    await storeMessage(to, account, 'INBOX', Buffer.concat(chunks), ['\\Seen']);
  } finally {
    await from.closeAll();
    await to.closeAll();
  }
}

// ----------------------------------------------------------------------------------------- main

/** `--load [--users N] [--seconds D] [--runs R]`: the load pass alone (scripts/bench-load.ts). */
function loadOptions(argv: string[]): LoadOptions | null {
  if (!argv.includes('--load')) return null;
  const num = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} wants a whole number (got "${argv[i + 1]}")`);
    return v;
  };
  return { users: num('users', 100), seconds: num('seconds', 60), runs: num('runs', 3), inbox: num('inbox', 200) };
}

async function main() {
  const load = loadOptions(process.argv.slice(2));
  if (load) {
    if (!SKIP_BUILD) {
      console.log('Building the app (npm run build; log in .data/bench-build.log)…');
      await buildApp(path.join(DATA_ROOT, 'bench-build.log'));
    }
    const result = await runLoadBench(load, onCleanup, (s) => console.log(`  ${s}`));
    printLoad(result, (s) => console.log(s));
    fs.writeFileSync(path.join(PROJECT_ROOT, 'bench-load-results.json'), JSON.stringify({ date: new Date().toISOString(), ...result }, null, 2));
    console.log('\nwritten to bench-load-results.json');
    return;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const marker = path.join(dataDir, `seeded-indexed-${INBOX_COUNT}-${BIG_COUNT}`);
  await stopDovecot(dataDir);
  const port = await freePort();
  onCleanup('Dovecot', async () => {
    await stopDovecot(dataDir);
  });
  // No quota: Dovecot would count the virtual size of 100,000 messages before the first page could say it.
  // As root, sending too, for the forward step: LMTP and auth for a private Postfix, and the submission server (BURL).
  const mta = { lmtpPort: await freePort(), authPort: await freePort() };
  const submission = { port: await freePort(), relayPort: await freePort() };
  // The full-text index on, as the demo's and the tests' Dovecot have it; UNINDEXED reads the same mail without it.
  const dovecot = await startDovecot({ dataDir, port, users: [USER, UNINDEXED, RECIPIENT], options: { quota: false, fts: true, attachmentKeywords: true, compress: true, ...(ROOT ? { mta, submission } : {}) } });
  if (!fs.existsSync(marker)) {
    const t = performance.now();
    console.log(`Seeding INBOX ${INBOX_COUNT} + ${BIG_FOLDER} ${BIG_COUNT} (once)…`);
    await seedDemo(dovecot, USER.user, { inboxCount: INBOX_COUNT, bigFolderCount: BIG_COUNT });
    await resyncUser(dovecot, USER.user);
    console.log(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const i = performance.now();
    await indexMail(dovecot, USER.user);
    console.log(`full-text index built in ${((performance.now() - i) / 1000).toFixed(1)} s (doveadm index, once)`);
    fs.writeFileSync(marker, new Date().toISOString());
  }

  const rows = await imapSide(port);
  const textSearch = await runTextSearchBench(port, BIG_FOLDER, SEARCH_TERM, { indexed: USER, unindexed: UNINDEXED });
  printTextSearch(textSearch, BIG_FOLDER, SEARCH_TERM, (s) => console.log(s));
  const { browser, basic, live } = await browserSide(port);
  const budgets = checkBudgets(browser);
  printReport(browser, budgets, (s) => console.log(s));
  const viewBudgets = checkViewBudgets(browser, basic);
  printViews(browser, basic, viewBudgets, (s) => console.log(s));
  printLive(live, (s) => console.log(s));
  const forward = ROOT ? await forwardSide(dovecot, mta, submission) : null;
  if (forward) printForward(forward, (s) => console.log(s));
  else console.log('\nNot root: no private Postfix, so no forward step.');

  fs.writeFileSync(
    path.join(PROJECT_ROOT, 'bench-results.json'),
    JSON.stringify({ date: new Date().toISOString(), inbox: INBOX_COUNT, big: BIG_COUNT, runs: RUNS, rows, textSearch, live, browser, basic, budgets, viewBudgets, readableChecks: readableChecks(browser), forward }, null, 2),
  );
  console.log('\nwritten to bench-results.json');
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
    // A leftover socket or timer (a library's) must not keep the benchmark hanging once everything is stopped.
    process.exit(process.exitCode ?? 0);
  });
