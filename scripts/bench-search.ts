// The bench's text-search step (npm run bench): the message text of the 100,000-message folder searched through
// Feather's lib/imap, with Dovecot's full-text index and without it (a second login reading the same mail with
// the index switched off), and Dovecot alone (one whole-folder UID SEARCH TEXT) for comparison.
import { performance } from 'node:perf_hooks';
import type { Account } from '../lib/imap/pool';
import { searchMessages } from '../lib/imap/mail';
import type { SearchTerms } from '../lib/imap/types';
import { startCountingProxy } from '../rig/imap-proxy';
import { rigPool } from '../rig/pool';

export interface TextSearchRow {
  step: string;
  ms: number;
  matches: number;
  /** Messages the page went through (Feather's window), or the whole folder (Dovecot alone). */
  searched: number;
  complete: boolean;
  bytesFromImap: number;
  commands: string[];
}

export interface TextSearchUsers {
  indexed: { user: string; password: string };
  unindexed: { user: string; password: string };
}

/** Each SEARCH may take this long here: Dovecot alone, without an index, needs well over the usual 20 s limit. */
const SEARCH_LIMIT_MS = 300_000;
/** Sessions of their own each time, across calls too: nothing kept from an earlier search answers a later one. */
let n = 0;
const PAGE_MS = 5000;

export async function runTextSearchBench(imapPort: number, folder: string, term: string, users: TextSearchUsers): Promise<TextSearchRow[]> {
  const proxy = await startCountingProxy({ host: '127.0.0.1', port: imapPort });
  const rows: TextSearchRow[] = [];
  const terms: SearchTerms = { text: term, body: true };
  try {
    const viaFeather = async (step: string, who: { user: string; password: string }, extra: Partial<SearchTerms> = {}) => {
      const pool = rigPool(proxy.port, { idleTimeoutMs: 600_000, commandTimeoutMs: 20_000, maxConnections: 4, search: { commandMs: SEARCH_LIMIT_MS, pageMs: PAGE_MS } });
      // A session of its own each time: nothing kept from an earlier run.
      const account: Account = { sid: `bench-search-${++n}`, ...who };
      try {
        await pool.signIn(account);
        proxy.reset();
        const t = performance.now();
        const page = await searchMessages(pool, account, folder, { ...terms, ...extra }, 1);
        const ms = performance.now() - t;
        const s = proxy.stats();
        rows.push({ step, ms, matches: page.total, searched: page.coverage?.searched ?? page.total, complete: page.coverage?.complete ?? true, bytesFromImap: s.bytesFromServer, commands: s.commands });
        return page;
      } finally {
        await pool.closeAll();
      }
    };
    // One plain `UID SEARCH RETURN (COUNT) TEXT <term>` over the whole folder, on a connection of lib/imap's pool.
    const alone = async (step: string, who: { user: string; password: string }) => {
      const pool = rigPool(proxy.port, { idleTimeoutMs: 600_000, commandTimeoutMs: SEARCH_LIMIT_MS, maxConnections: 4 });
      try {
        await pool.run({ sid: `bench-alone-${++n}`, ...who }, async (c) => {
          const box = await c.mailboxOpen(folder, { readOnly: true });
          proxy.reset();
          const t = performance.now();
          const found = await c.search({ text: term }, { uid: true, returnOptions: ['COUNT'] });
          const ms = performance.now() - t;
          const s = proxy.stats();
          const matches = found && !Array.isArray(found) ? Number(found.count ?? 0) : Array.isArray(found) ? found.length : 0;
          rows.push({ step, ms, matches, searched: box.exists, complete: true, bytesFromImap: s.bytesFromServer, commands: s.commands });
        });
      } finally {
        await pool.closeAll();
      }
    };
    await viaFeather('Feather, with the index: first results page', users.indexed);
    await alone('Dovecot alone, with the index: UID SEARCH TEXT, whole folder', users.indexed);
    const first = await viaFeather('Feather, without an index: first results page', users.unindexed);
    if (first.coverage?.down) await viaFeather('Feather, without an index: "Search older messages"', users.unindexed, { below: first.coverage.down });
    await alone('Dovecot alone, without an index: UID SEARCH TEXT, whole folder', users.unindexed);
  } finally {
    await proxy.close();
  }
  return rows;
}

export function printTextSearch(rows: TextSearchRow[], folder: string, term: string, print: (s: string) => void): void {
  const w = (s: string | number, k: number) => String(s).padStart(k);
  print(`\nText search of ${folder} for "${term}" (subject, people and message text), Feather's page limit ${PAGE_MS / 1000} s\n`);
  print(`${'step'.padEnd(66)} ${w('ms', 8)} ${w('matches', 8)} ${w('searched', 9)} ${w('from IMAP', 10)}`);
  for (const r of rows) print(`${r.step.padEnd(66)} ${w(r.ms.toFixed(0), 8)} ${w(r.matches, 8)} ${w(r.searched + (r.complete ? '' : '+'), 9)} ${w(r.bytesFromImap, 10)}`);
  print('\ncommands:');
  for (const r of rows) print(`  ${r.step}: ${r.commands.map((c) => (c.length > 160 ? c.slice(0, 157) + '…' : c)).join(' | ')}`);
}
