// The bench's live-updates step (npm run bench): what 50 idle signed-in tabs hold. Each tab is what a list page
// opens with JavaScript on: one event stream (/mail/live). They are one user's, so they share one watching IMAP
// connection; the step counts the app's IMAP connections (through the app's counting proxy) and the memory of the
// Node server, then closes the tabs and waits for the watching connection to be let go.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { CountingProxy } from '../rig/imap-proxy';
import type { RunningApp } from '../rig/app';
import { cookieOf, postSignIn } from '../rig/signin';

export interface LiveBenchResult {
  tabs: number;
  /** The Node server's resident memory before the tabs, with them, and after they closed (kB). */
  rssKb: { before: number; withTabs: number; after: number };
  /** The app's IMAP connections open: before the tabs (the session's own), with them, and after they closed. */
  imapConnections: { before: number; withTabs: number; afterClose: number };
  /** How long after the last tab closed the watching connection was let go (ms), or null if not within the wait. */
  releasedAfterMs: number | null;
}

/** Resident memory (kB) of the app's Node server: the biggest `server.mjs` process of the app's group (not the sh). */
function serverRssKb(app: RunningApp): number {
  if (!app.pid) return 0;
  const out = execFileSync('ps', ['-o', 'rss=,args=', '-g', String(app.pid)], { encoding: 'utf8' });
  const sizes = out
    .split('\n')
    .filter((l) => /server\.mjs/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
    .filter((n) => Number.isFinite(n));
  return sizes.length > 0 ? Math.max(...sizes) : 0;
}

const open = (proxy: CountingProxy) => proxy.stats().connectionLog.filter((c) => c.open).length;

export async function runLiveBench(app: RunningApp, proxy: CountingProxy, user: string, password: string, tabs = 50): Promise<LiveBenchResult> {
  const base = app.url + app.basePath;
  const cookie = cookieOf(await postSignIn(base, user, password));
  if (!cookie) throw new Error('live bench: sign-in failed');
  // The session's own connection, as a page load leaves it; the browser step's watcher let go first.
  await (await fetch(`${base}/mail?folder=INBOX`, { headers: { Cookie: cookie } })).text();
  // (The watcher lingers 30 s after its last page.)
  await new Promise((r) => setTimeout(r, 35_000));
  const before = { rss: serverRssKb(app), conns: open(proxy) };
  const streams: AbortController[] = [];
  for (let i = 0; i < tabs; i++) {
    const stop = new AbortController();
    const res = await fetch(`${base}/mail/live?folder=INBOX`, { headers: { Cookie: cookie, Accept: 'text/event-stream' }, signal: stop.signal });
    if (res.status !== 200 || !res.body) throw new Error(`live bench: tab ${i + 1} got ${res.status}`);
    // Read it as a browser would, so nothing piles up.
    const reader = res.body.getReader();
    void (async () => {
      try {
        while (!(await reader.read()).done);
      } catch {
        // aborted
      }
    })();
    streams.push(stop);
  }
  await new Promise((r) => setTimeout(r, 3000));
  const withTabs = { rss: serverRssKb(app), conns: open(proxy) };
  for (const s of streams) s.abort();
  const closedAt = performance.now();
  let releasedAfterMs: number | null = null;
  // Released within a minute after the last tab goes away (the watcher lingers 30 s for a reload).
  while (performance.now() - closedAt < 70_000) {
    if (open(proxy) <= before.conns) {
      releasedAfterMs = Math.round(performance.now() - closedAt);
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    tabs,
    rssKb: { before: before.rss, withTabs: withTabs.rss, after: serverRssKb(app) },
    imapConnections: { before: before.conns, withTabs: withTabs.conns, afterClose: open(proxy) },
    releasedAfterMs,
  };
}

export function printLive(r: LiveBenchResult, print: (s: string) => void): void {
  print(`\nLive updates: ${r.tabs} idle tabs of one signed-in user (an event stream each)`);
  print(`  IMAP connections of the app: ${r.imapConnections.before} before, ${r.imapConnections.withTabs} with the tabs open, ${r.imapConnections.afterClose} after they closed`);
  print(`  Node server memory (RSS): ${(r.rssKb.before / 1024).toFixed(1)} MB before, ${(r.rssKb.withTabs / 1024).toFixed(1)} MB with the tabs (+${((r.rssKb.withTabs - r.rssKb.before) / 1024).toFixed(1)} MB, ${((r.rssKb.withTabs - r.rssKb.before) / r.tabs).toFixed(0)} kB a tab)`);
  print(`  watching connection let go ${r.releasedAfterMs === null ? 'not within 70 s' : `${(r.releasedAfterMs / 1000).toFixed(1)} s`} after the last tab closed`);
}
