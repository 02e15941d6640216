// Search, run by the server: the criteria, the window of messages searched, and the results kept for paging.
//
// A search of the message text on a server without a full-text index reads every message it covers (Dovecot:
// about 5,000 a second on a loaded 2-core machine, so 20 s for 100,000). So a search goes through the folder
// newest first, in steps of sequence numbers sized by how fast the server answered the last step, and stops when
// the time for one page of results is spent: the page shows what the newest messages held, and "Search older
// messages" goes on below them. With an index each step answers in milliseconds and the first page covers the
// whole folder. Each SEARCH has the search time limit, longer than other commands': slow is never a failure.
import type { ImapFlow, MailboxObject, SearchObject } from 'imapflow';
import { processWide } from '@/lib/process-state';
import { changesHeard } from './changes';
import { MailError } from './errors';
import { PAGE_SIZE } from './paging';
import { parseSequenceSet, rangeCount, rangesOf, unionOf, type Range } from './sequence';
import type { SearchCoverage, SearchTerms } from './types';

/** How a search spends its time: each SEARCH command's limit, and the time one page of results may take. */
export interface SearchLimits {
  commandMs: number;
  pageMs: number;
  /** Messages in the first step (FIRST_STEP; smaller in tests, to see the steps on a small folder). */
  firstStep?: number;
}

/** The first step: small enough to answer in well under a second on any server, index or not. */
const FIRST_STEP = 1000;
/** A step smaller than this is not worth a round trip: the page stops there instead. */
const MIN_STEP = 500;
/** Of the time left, the share the next step is sized to take (servers slow down on older, colder messages). */
const STEP_SHARE = 0.5;
/** A step is at most this many times the last: the next estimate comes from a step not too unlike it. */
const STEP_GROWTH = 8;
/** Once a page of results is found, the search stops after this long rather than use all its time. */
const ENOUGH_MS = 1000;

/**
 * The IMAP SEARCH criteria for the terms, every one of them required (AND). The search box looks in subject,
 * sender and recipients (`OR SUBJECT … FROM … TO … CC …`), and with `body` in the whole message (`TEXT`: its
 * headers and body in one pass, which a server without an index does at half the cost of five ORed keys). Dates
 * are the days the messages arrived (SINCE/BEFORE, from the server's index); sizes are as stored. imapflow adds
 * `CHARSET UTF-8` when a term is not ASCII.
 */
export function searchCriteria(terms: SearchTerms): SearchObject {
  const c: SearchObject = {};
  const t = terms.text;
  if (t && terms.body) c.text = t;
  else if (t) c.or = [{ subject: t }, { from: t }, { to: t }, { cc: t }];
  if (terms.from) c.from = terms.from;
  if (terms.to) c.to = terms.to;
  if (terms.cc) c.cc = terms.cc;
  if (terms.subject) c.subject = terms.subject;
  if (terms.bodyText) c.body = terms.bodyText;
  // A second TEXT key cannot sit beside the box's in one object: `OR TEXT x TEXT x` is the same condition.
  if (terms.anyText) {
    if (c.text) c.or = [{ text: terms.anyText }, { text: terms.anyText }];
    else c.text = terms.anyText;
  }
  if (terms.since) c.since = dayOf(terms.since);
  if (terms.before) c.before = dayOf(terms.before);
  if (terms.unread) c.seen = false;
  if (terms.flagged) c.flagged = true;
  if (terms.answered) c.answered = true;
  if (terms.label) c.keyword = terms.label;
  if (terms.larger !== undefined) c.larger = terms.larger;
  if (terms.smaller !== undefined) c.smaller = terms.smaller;
  return c;
}

/** Midnight UTC of a YYYY-MM-DD day: imapflow writes the IMAP date from its UTC day. */
function dayOf(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** Whether the terms make the server read text (headers or bodies), which is what can be slow. */
export function readsText(terms: SearchTerms): boolean {
  return Boolean(terms.text || terms.from || terms.to || terms.cc || terms.subject || terms.bodyText || terms.anyText);
}

/** The matches of a search in the selected folder, as UID ranges, and the window of messages it went through. */
export interface SearchOutcome {
  matches: Range[];
  coverage: SearchCoverage;
}

/**
 * Searches the selected folder within the terms' window (`below`, `down`): the whole window in one SEARCH when
 * `down` pins it, else newest first, step by step, until the page's time is spent (see the top of this file).
 */
export async function searchFolder(client: ImapFlow, mailbox: MailboxObject, terms: SearchTerms, limits: SearchLimits): Promise<SearchOutcome> {
  const criteria = searchCriteria(terms);
  const top = terms.below ? ((await firstSeqFrom(client, terms.below)) ?? mailbox.exists + 1) - 1 : mailbox.exists;
  if (top < 1) return { matches: [], coverage: { searched: 0, complete: true } };
  const parts: Range[][] = [];
  let low: number;
  if (terms.down) {
    low = Math.min((await firstSeqFrom(client, terms.down)) ?? top + 1, top + 1);
    if (low <= top) parts.push(await searchSeqs(client, criteria, low, top));
  } else {
    const started = performance.now();
    // A folder not much bigger than the first step is searched in one (no step smaller than MIN_STEP after it).
    const first = limits.firstStep ?? FIRST_STEP;
    let step = top - first < Math.min(MIN_STEP, first) ? top : first;
    let found = 0;
    low = top + 1;
    for (;;) {
      const from = Math.max(1, low - step);
      const t = performance.now();
      const matches = await searchSeqs(client, criteria, from, low - 1);
      const took = Math.max(performance.now() - t, 1);
      parts.push(matches);
      found += rangeCount(matches);
      const size = low - from;
      low = from;
      const elapsed = performance.now() - started;
      if (low <= 1 || (found >= PAGE_SIZE && elapsed >= ENOUGH_MS)) break;
      step = Math.min(size * STEP_GROWTH, Math.floor(((limits.pageMs - elapsed) * STEP_SHARE * size) / took));
      if (step < Math.min(limits.firstStep ?? MIN_STEP, MIN_STEP, low - 1)) break;
    }
  }
  const coverage: SearchCoverage = { searched: top - low + 1, complete: low <= 1 };
  if (!coverage.complete && low <= top) {
    const oldest = await client.fetchOne(String(low), { uid: true, internalDate: true });
    if (oldest) {
      coverage.down = oldest.uid;
      if (oldest.internalDate) coverage.downDate = new Date(oldest.internalDate).toISOString();
    }
  }
  return { matches: unionOf(parts), coverage };
}

/** `UID SEARCH <from:to> <criteria>`: the UIDs matching among messages `from`..`to` by sequence number. */
async function searchSeqs(client: ImapFlow, criteria: SearchObject, from: number, to: number): Promise<Range[]> {
  return uidSearch(client, { seq: `${from}:${to}`, ...criteria });
}

/** A UID SEARCH as ranges: with ESEARCH a compact set, never a list of every UID, and never expanded. */
export async function uidSearch(client: ImapFlow, criteria: SearchObject): Promise<Range[]> {
  const esearch = client.capabilities.has('ESEARCH');
  const result = await client.search(criteria, esearch ? { uid: true, returnOptions: ['ALL'] } : { uid: true });
  // imapflow answers false (it does not throw) when the server refused the SEARCH or the connection went away.
  if (!result) throw new MailError(client.usable ? 'server' : 'unreachable', `SEARCH failed in ${client.mailbox ? client.mailbox.path : ''}`);
  return Array.isArray(result) ? rangesOf(result) : parseSequenceSet(result.all ?? '');
}

/**
 * The sequence number of the oldest message whose UID is `uid` or above; undefined when there is none. The message
 * itself (a window's edge, normally still there) takes one `UID FETCH uid (UID)`; if it is gone, the server finds
 * the next one up (`UID SEARCH RETURN (MIN) UID uid:*`).
 */
async function firstSeqFrom(client: ImapFlow, uid: number): Promise<number | undefined> {
  const self = await client.fetchOne(String(uid), { uid: true }, { uid: true });
  if (self && self.uid === uid) return self.seq;
  const esearch = client.capabilities.has('ESEARCH');
  const found = await client.search({ uid: `${uid}:*` }, esearch ? { uid: true, returnOptions: ['MIN'] } : { uid: true });
  if (!found) throw new MailError(client.usable ? 'server' : 'unreachable', `SEARCH UID ${uid}:* failed`);
  // "uid:*" also holds the newest message when every UID is below `uid` (RFC 3501: * is the largest): not "above".
  const above = Array.isArray(found) ? found.reduce<number | undefined>((min, u) => (u >= uid && (min === undefined || u < min) ? u : min), undefined) : found.min;
  if (above === undefined || above < uid) return undefined;
  const next = await client.fetchOne(String(above), { uid: true }, { uid: true });
  return next ? next.seq : undefined;
}

interface Kept extends SearchOutcome {
  exists: number;
  uidNext: number;
  modseq?: string;
  /** Changes the connection had heard of (lib/imap/changes.ts), and which connection. */
  heard: number;
  client: WeakRef<ImapFlow>;
  at: number;
}

/** How long a search's results are kept for its other pages and its messages' neighbours. */
const KEPT_MS = 120_000;
const KEPT_MAX = 500;

/**
 * The results of text searches, kept a short while per session, folder and terms: page 2, or the message opened
 * from the results and its neighbours, then cost no second pass over the text. They are used only while the folder
 * is as it was (see stateOf). Searches on flags, dates and sizes alone are answered from the server's index at once
 * and are never kept.
 */
const kept = processWide('searchResults', () => new Map<string, Kept>());

function keyOf(sid: string, mailbox: MailboxObject, terms: SearchTerms): string {
  return JSON.stringify([sid, mailbox.path, String(mailbox.uidValidity), terms]);
}

/**
 * What the kept results depend on: the messages there are (EXISTS, UIDNEXT), and for terms on flags their flags too
 * (HIGHESTMODSEQ). Text does not change, so reading a message found by its words (which sets \Seen) keeps them.
 */
function stateOf(mailbox: MailboxObject, terms: SearchTerms) {
  const flags = terms.unread || terms.flagged || terms.answered || terms.label;
  return { exists: mailbox.exists, uidNext: Number(mailbox.uidNext), modseq: flags && mailbox.highestModseq !== undefined ? String(mailbox.highestModseq) : undefined };
}

/** The search's outcome: kept results when still true of the folder, else a search by the server (then kept). */
export async function searchKept(client: ImapFlow, mailbox: MailboxObject, sid: string, terms: SearchTerms, limits: SearchLimits): Promise<SearchOutcome> {
  if (!readsText(terms)) return searchFolder(client, mailbox, terms, limits);
  const key = keyOf(sid, mailbox, terms);
  const now = stateOf(mailbox, terms);
  const hit = kept.get(key);
  const heard = changesHeard(client, mailbox.path);
  if (hit && Date.now() - hit.at < KEPT_MS && hit.exists === now.exists && hit.uidNext === now.uidNext && hit.modseq === now.modseq && hit.client.deref() === client && hit.heard === heard) return hit;
  const outcome = await searchFolder(client, mailbox, terms, limits);
  const entry = { ...outcome, ...now, heard, client: new WeakRef(client), at: Date.now() };
  remember(key, entry);
  // The pages after the first name the window's lower edge: the same results answer them.
  if (!terms.down && outcome.coverage.down) remember(keyOf(sid, mailbox, { ...terms, down: outcome.coverage.down }), entry);
  return outcome;
}

/** Drops the kept results of a session (at sign-out), or of every session. */
export function forgetSearches(sid?: string): void {
  for (const k of kept.keys()) if (sid === undefined || (JSON.parse(k) as unknown[])[0] === sid) kept.delete(k);
}

function remember(key: string, entry: Kept) {
  kept.delete(key);
  kept.set(key, entry);
  for (const [k, v] of kept) {
    if (kept.size <= KEPT_MAX && Date.now() - v.at < KEPT_MS) break;
    kept.delete(k);
  }
}

/** One mailbox's part of a multi-folder ESEARCH answer (RFC 7377). */
export interface MailboxMatches {
  /** As the server names it (modified UTF-7 decoded by the caller). */
  mailbox: string;
  uidValidity: string;
  matches: Range[];
}

/**
 * `* ESEARCH (TAG "x" MAILBOX "INBOX" UIDVALIDITY 7) UID ALL 1:5,9`, as imapflow parsed it: the mailbox, its
 * UIDVALIDITY and the matches; undefined when the line names no mailbox (a one-folder answer) or has no ALL.
 */
export function mailboxMatchesOf(attributes: unknown[] | undefined): MailboxMatches | undefined {
  const attrs = attributes ?? [];
  const correlator = Array.isArray(attrs[0]) ? (attrs[0] as Array<{ value?: unknown }>) : [];
  let mailbox: string | undefined;
  let uidValidity: string | undefined;
  for (let i = 0; i + 1 < correlator.length; i++) {
    const word = String(correlator[i]?.value ?? '').toUpperCase();
    if (word === 'MAILBOX') mailbox = String(correlator[i + 1]?.value ?? '');
    if (word === 'UIDVALIDITY') uidValidity = String(correlator[i + 1]?.value ?? '');
  }
  if (!mailbox || !uidValidity || !/^\d{1,10}$/.test(uidValidity)) return undefined;
  let all = '';
  for (let i = 1; i + 1 < attrs.length; i++) if (String((attrs[i] as { value?: unknown })?.value ?? '').toUpperCase() === 'ALL') all = String((attrs[i + 1] as { value?: unknown })?.value ?? '');
  return { mailbox, uidValidity, matches: parseSequenceSet(all) };
}

/**
 * Every personal and shared folder searched by the server in one command (MULTISEARCH, RFC 7377):
 * `ESEARCH IN (personal subscribed) RETURN (ALL) <criteria>`, one `* ESEARCH (… MAILBOX …)` line per folder with
 * matches. Undefined when the server refuses it (the caller then searches folder by folder).
 */
export async function searchAcrossFolders(client: ImapFlow, terms: SearchTerms, compile: (criteria: SearchObject) => unknown[]): Promise<MailboxMatches[] | undefined> {
  if (!client.capabilities.has('MULTISEARCH')) return undefined;
  const found: MailboxMatches[] = [];
  const onEsearch = async (untagged: { attributes?: unknown[] }) => {
    const m = mailboxMatchesOf(untagged.attributes);
    if (m && m.matches.length > 0) found.push(m);
  };
  try {
    const exec = (client as unknown as { exec(cmd: string, attrs: unknown[], opts: object): Promise<{ next(): void }> }).exec.bind(client);
    const done = await exec(
      'ESEARCH',
      [{ type: 'ATOM', value: 'IN' }, [{ type: 'ATOM', value: 'personal' }, { type: 'ATOM', value: 'subscribed' }], { type: 'ATOM', value: 'RETURN' }, [{ type: 'ATOM', value: 'ALL' }], ...compile(searchCriteria(terms))],
      { untagged: { ESEARCH: onEsearch } },
    );
    done.next();
    return found;
  } catch {
    return client.usable ? undefined : Promise.reject(new MailError('unreachable', 'the connection went away during ESEARCH IN'));
  }
}
