// Every URL of the app in one place, and the reading of their parameters. Folder and page, or folder and UID, are
// all a bookmark needs. Pure: no I/O, safe for any component.

import type { SearchCoverage, SearchTerms, SortKey, SortOrder } from '@/lib/imap/types';
import type { MailErrorCode } from '@/lib/errors';
import { isSectionNumber } from '@/lib/mime/section';

export type { SearchTerms, SortKey, SortOrder };

/** Search parameters as Next.js hands them to a page. */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The sub-path Feather is served under: '' at the site's root, else e.g. '/webmail' (FEATHER_BASE_PATH, which
 * next.config.mjs validates and inlines here at build time, as Next.js does with its basePath). Every URL below
 * carries it, so it can go into an `href`, a form's `action` or a `Location` header as it is. Next.js's `redirect()`
 * adds the base path itself: give it URLs from here through `redirectFromPage`/`redirectFromAction` (lib/navigate.ts).
 */
export const BASE_PATH: string = process.env.FEATHER_BASE_PATH ?? '';

/** A path of the app ('/mail?…') as the browser asks for it: under the base path ('/' is the base path itself). */
export function withBase(path: string): string {
  if (!BASE_PATH) return path;
  return path === '/' ? BASE_PATH : BASE_PATH + path;
}

/**
 * The app's own path ('/mail?…') of a URL under the base path ('/webmail/mail?…'), as Next.js's router and
 * `redirect()` want it; undefined when the URL is not under the base path.
 */
export function appPath(url: string): string | undefined {
  if (!BASE_PATH) return url;
  if (url !== BASE_PATH && !url.startsWith(BASE_PATH + '/') && !url.startsWith(BASE_PATH + '?')) return undefined;
  const rest = url.slice(BASE_PATH.length);
  return rest.startsWith('/') ? rest : '/' + rest;
}

/** Where a signed-in user starts (the Inbox), and where lost visitors are sent. */
export const HOME_URL = withBase('/mail');
/** The sign-out form posts here. */
export const SIGN_OUT_URL = withBase('/logout');
/** The search form's GET target (with `folder`, `q`, `body` as fields). */
export const SEARCH_URL = withBase('/mail');

/**
 * The link that switches the view of this browser ("Basic HTML version", "Standard view") and comes back to `back`
 * (the sign-in page included).
 */
export function viewUrl(to: 'basic' | 'standard', back: string): string {
  return withBase(`/view?${new URLSearchParams({ to, back: viewReturnPath(back) })}`);
}

/** Where a view switch goes back to: a path of this app (the sign-in page too; never /logout). */
export function viewReturnPath(back: string | null | undefined): string {
  const signInPage = back && back.length <= MAX_RETURN_PATH && !/[\u0000-\u001f\\]/.test(back) && /^\/login(\?|$)/.test(appPath(back) ?? '');
  return signInPage ? back : safeReturnPath(back);
}

export function settingsUrl(opts: { saved?: boolean } = {}): string {
  return withBase(opts.saved ? '/settings?saved=1' : '/settings');
}

/**
 * "Manage folders": the page that creates, renames, deletes and subscribes folders; with `rename` or `remove`, the
 * folder whose rename form or delete confirmation is open.
 */
export function manageFoldersUrl(opts: { rename?: string; remove?: string } = {}): string {
  const q = new URLSearchParams();
  if (opts.rename) q.set('rename', opts.rename);
  if (opts.remove) q.set('delete', opts.remove);
  const s = q.toString();
  return withBase(s ? `/folders?${s}` : '/folders');
}

/** "New message": the compose page, or a draft reopened on it (its UID and UIDVALIDITY in the Drafts folder). */
export function composeUrl(draft?: { uid: number; uidValidity: string }): string {
  return withBase(draft ? `/mail/compose?${new URLSearchParams({ draft: String(draft.uid), draftuv: draft.uidValidity })}` : '/mail/compose');
}

/** How a message is answered: Reply, Reply all, Forward (its text inline), or forwarded as an attachment. */
export const REPLY_MODES = ['reply', 'all', 'forward', 'attach'] as const;
export type ReplyMode = (typeof REPLY_MODES)[number];

/** The compose page answering a message: "Reply", "Reply all", "Forward". */
export function replyUrl(folder: string, uid: number, mode: ReplyMode, uidValidity?: string): string {
  const q = new URLSearchParams({ mode, folder, uid: String(uid) });
  if (uidValidity) q.set('uidvalidity', uidValidity);
  return withBase(`/mail/compose?${q}`);
}

/** Where the compose form posts (a route handler: multipart, attachments within the administrator's limit). */
export const SEND_URL = withBase('/mail/send');

/** The addresses the user has written to (JSON, from Sent on the server), for the recipient fields' suggestions. */
export const ADDRESSES_URL = withBase('/mail/addresses');

/** The form that uploads .eml files into `folder`. */
export function uploadUrl(folder: string): string {
  return withBase(`/mail/upload?${new URLSearchParams({ folder })}`);
}

/** Where that form posts (a route handler: multipart, with the administrator's size limit). */
export function uploadPostUrl(folder: string): string {
  return withBase(`/mail/append?${new URLSearchParams({ folder })}`);
}

/**
 * The sign-in page: `next` is where to go afterwards (made safe here), `error` a code whose message the form shows
 * (with `wait`, the seconds before the next attempt may be made), `signedOut` the "You are signed out" notice.
 */
export function signInUrl(opts: { next?: string; error?: MailErrorCode; signedOut?: boolean; wait?: number } = {}): string {
  const q = new URLSearchParams();
  if (opts.error) q.set('error', opts.error);
  if (opts.wait) q.set('wait', String(Math.ceil(opts.wait)));
  if (opts.next !== undefined) q.set('next', safeReturnPath(opts.next));
  if (opts.signedOut) q.set('signedout', '1');
  const s = q.toString();
  return withBase(s ? `/login?${s}` : '/login');
}

/** A label (an IMAP keyword): letters, digits and . _ - (RFC 3501 keywords are atoms; kept to what reads well). */
export const LABEL_PATTERN = /^[A-Za-z0-9._-]{1,40}$/;

/** A label as the user typed it, made a keyword (spaces become _), or undefined when it cannot be one. */
export function labelParam(value: string | string[] | undefined | null): string | undefined {
  const s = (Array.isArray(value) ? value[0] : value)?.trim().replace(/\s+/g, '_');
  return s && LABEL_PATTERN.test(s) ? s : undefined;
}

/** Longer search texts are cut here: no one types more, and it bounds the SEARCH command sent to the server. */
export const MAX_SEARCH_CHARS = 200;

/** Which list a message was opened from (page, search), so "Back" returns there. */
export interface ListContext {
  page?: number;
  search?: SearchTerms;
  /** The list's order, when not the folder's own (arrival, newest first). */
  order?: SortOrder;
  /** The conversation view (`view=conversations`): a row per conversation. Not with a search. */
  conversations?: boolean;
}

function setListContext(q: URLSearchParams, { page, search, order, conversations }: ListContext): void {
  if (search) setSearch(q, search);
  else if (conversations) q.set('view', 'conversations');
  if (order && !conversations) setOrder(q, order);
  if (page && page > 1) q.set('page', String(page));
}

/** The orders a list can be in, as the URL names them (`sort=`), and as the sort form offers them. */
export const SORT_CHOICES: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'arrival', label: 'Arrival' },
  { key: 'date', label: 'Date' },
  { key: 'from', label: 'Sender' },
  { key: 'subject', label: 'Subject' },
  { key: 'size', label: 'Size' },
];

/** A key's usual direction: newest and largest first; names and subjects from A. */
export function defaultDescending(key: SortKey): boolean {
  return key === 'arrival' || key === 'date' || key === 'size';
}

/** The folder's own order, newest first: a list's order when the URL names none. */
export const NEWEST_FIRST: SortOrder = { key: 'arrival', descending: true };

/** Writes an order into a URL: `sort=subject`, with `order=desc` or `asc` only against the key's usual direction. */
function setOrder(q: URLSearchParams, order: SortOrder): void {
  if (order.key === NEWEST_FIRST.key && order.descending === NEWEST_FIRST.descending) return;
  q.set('sort', order.key);
  if (order.descending !== defaultDescending(order.key)) q.set('order', order.descending ? 'desc' : 'asc');
}

/** The order a URL asks for (`sort=`, `order=`); the folder's own when it names none or one that is not an order. */
export function orderParam(sp: SearchParams): SortOrder {
  const key = SORT_CHOICES.find((c) => c.key === param(sp.sort))?.key;
  if (!key) return NEWEST_FIRST;
  const dir = param(sp.order);
  return { key, descending: dir === 'desc' ? true : dir === 'asc' ? false : defaultDescending(key) };
}

/** Whether an order is the folder's own (nothing to say in URLs). */
export function isNewestFirst(order: SortOrder | undefined): boolean {
  return !order || (order.key === NEWEST_FIRST.key && order.descending === NEWEST_FIRST.descending);
}

/**
 * The advanced search's words fields: the term each fills, its URL parameter and its label. The search box is
 * `q` (with `body=1`, "Include message text"); `label` names a label.
 */
export const SEARCH_WORD_FIELDS = [
  { term: 'from', param: 'from', label: 'From' },
  { term: 'to', param: 'to', label: 'To' },
  { term: 'cc', param: 'cc', label: 'Cc' },
  { term: 'subject', param: 'subject', label: 'Subject' },
  { term: 'bodyText', param: 'bodytext', label: 'Body' },
  { term: 'anyText', param: 'anytext', label: 'Anywhere in the message' },
] as const;

/** The advanced search's conditions on flags: each a checkbox, `<param>=1` in the URL. */
export const SEARCH_FLAG_FIELDS = [
  { term: 'unread', param: 'unread', label: 'Unread' },
  { term: 'flagged', param: 'flagged', label: 'Flagged' },
  { term: 'answered', param: 'answered', label: 'Answered' },
] as const;

/** The advanced search's days (YYYY-MM-DD, the day a message arrived) and sizes ("500K", "2M"). */
export const SEARCH_DAY_FIELDS = [
  { term: 'since', param: 'since', label: 'Since' },
  { term: 'before', param: 'before', label: 'Before' },
] as const;
export const SEARCH_SIZE_FIELDS = [
  { term: 'larger', param: 'larger', label: 'Larger than' },
  { term: 'smaller', param: 'smaller', label: 'Smaller than' },
] as const;

/** Writes a search into a URL's parameters, in the one form `readSearch` reads back. */
function setSearch(q: URLSearchParams, search: SearchTerms): void {
  if (search.text) {
    q.set('q', search.text);
    if (search.body) q.set('body', '1');
  }
  for (const f of SEARCH_WORD_FIELDS) if (search[f.term]) q.set(f.param, search[f.term]!);
  for (const f of SEARCH_DAY_FIELDS) if (search[f.term]) q.set(f.param, search[f.term]!);
  for (const f of SEARCH_FLAG_FIELDS) if (search[f.term]) q.set(f.param, '1');
  for (const f of SEARCH_SIZE_FIELDS) if (search[f.term] !== undefined) q.set(f.param, sizeText(search[f.term]!));
  if (search.label) q.set('label', search.label);
  if (search.below) q.set('below', String(search.below));
  if (search.down) q.set('down', String(search.down));
  if (search.everywhere) q.set('scope', 'all');
}

/** A search for a label alone (a label's link): its page is "Label: …", with "Show all" to leave it. */
export function isLabelOnly(search: SearchTerms): boolean {
  const window: Array<keyof SearchTerms> = ['label', 'body', 'below', 'down'];
  return Boolean(search.label) && Object.entries(search).every(([k, v]) => window.includes(k as keyof SearchTerms) || v === undefined || v === '' || v === false);
}

/** The search itself, without the window of messages it went through: for a new search from the newest. */
export function withoutWindow(search: SearchTerms): SearchTerms {
  const { below, down, ...rest } = search;
  void below;
  void down;
  return rest;
}

/** The advanced search form for `folder`, filled in with `search` when there is one. */
export function advancedSearchUrl(folder: string, search?: SearchTerms): string {
  const q = new URLSearchParams({ folder });
  if (search) setSearch(q, withoutWindow(search));
  return withBase(`/mail/search?${q}`);
}

/**
 * The search as its results carry it in their links (the pages, the messages opened from them): pinned to the
 * messages the server went through (`down`), so page 2 is of the same results and costs no new pass.
 */
export function resultsSearch(search: SearchTerms, coverage?: SearchCoverage): SearchTerms {
  return coverage?.down && !search.down ? { ...search, down: coverage.down } : search;
}

/** A search as URL parameters ("q=budget&unread=1"), for a form that carries it in one field. */
export function searchQuery(search: SearchTerms): string {
  const q = new URLSearchParams();
  setSearch(q, search);
  return q.toString();
}

/** The search a `searchQuery` string holds, when it can be run. */
export function searchFromQuery(query: string): SearchTerms | undefined {
  return searchParam(Object.fromEntries(new URLSearchParams(query.slice(0, 8000))));
}

/** A size in bytes as the URL and the form write it: "2M", "500K", or bytes. */
export function sizeText(bytes: number): string {
  if (bytes > 0 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)}M`;
  if (bytes > 0 && bytes % 1024 === 0) return `${bytes / 1024}K`;
  return String(bytes);
}

/** A folder's list, or the results of a search in it, in an order. */
export function folderUrl(folder: string, page = 1, search?: SearchTerms, order?: SortOrder): string {
  return listUrl(folder, { page, search, order });
}

/** A folder's list as a list context names it (its page, search, order, or its conversations). */
export function listUrl(folder: string, list: ListContext): string {
  const q = new URLSearchParams({ folder });
  setListContext(q, list);
  return withBase(`/mail?${q}`);
}

/** The event stream of live updates for a page showing `folder` (and the message `uid`, if one is open). */
export function liveUrl(folder: string, uid?: number): string {
  const q = new URLSearchParams({ folder });
  if (uid) q.set('uid', String(uid));
  return withBase(`/mail/live?${q}`);
}

/** A conversation's own page: the messages of the conversation `uid` is in, oldest first. */
export function conversationUrl(folder: string, uid: number, uidValidity?: string): string {
  const q = new URLSearchParams({ folder, uid: String(uid) });
  if (uidValidity) q.set('uidvalidity', uidValidity);
  return withBase(`/mail/conversation?${q}`);
}

/** What "Expunge…" and "Empty Trash…" ask to confirm first (a page, so it works without JavaScript). */
export type EraseKind = 'expunge' | 'empty';

/** A list page asking to confirm erasing: its deleted messages ("expunge"), or all of it ("empty"). */
export function confirmEraseUrl(folder: string, kind: EraseKind, list: ListContext = {}): string {
  return `${listUrl(folder, list)}&confirm=${kind}`;
}

/** A list page with every row's checkbox ticked ("Select all on this page"), or the page itself. */
export function selectAllUrl(folder: string, list: ListContext, all: boolean | 'every' = true): string {
  const url = listUrl(folder, list);
  return all === 'every' ? `${url}&select=every` : all ? `${url}&select=all` : url;
}

/** Why a URL's search could not be run, in words for the page. */
export type SearchProblem = string;

/**
 * The search a URL asks for: undefined when it asks for none; with `problem` when it asks for one that cannot be
 * run (nothing to look for, a day or size that is not one, "since" not before "before").
 */
export function readSearch(sp: SearchParams): { search?: SearchTerms; problem?: SearchProblem } {
  const terms: SearchTerms = { text: cleanText(sp.q), body: param(sp.body) === '1' };
  let asked = sp.q !== undefined;
  for (const f of SEARCH_WORD_FIELDS) {
    asked ||= sp[f.param] !== undefined;
    const v = cleanText(sp[f.param]);
    if (v) terms[f.term] = v;
  }
  for (const f of SEARCH_FLAG_FIELDS) if (param(sp[f.param]) === '1') terms[f.term] = true;
  const problems: string[] = [];
  for (const f of SEARCH_DAY_FIELDS) {
    const raw = param(sp[f.param])?.trim();
    asked ||= raw !== undefined;
    if (!raw) continue;
    const day = dayParam(raw);
    if (day) terms[f.term] = day;
    else problems.push(`“${f.label}” is not a date: write it as 2024-03-01.`);
  }
  for (const f of SEARCH_SIZE_FIELDS) {
    const raw = param(sp[f.param])?.trim();
    asked ||= raw !== undefined;
    if (!raw) continue;
    const bytes = sizeParam(raw);
    if (bytes !== undefined) terms[f.term] = bytes;
    else problems.push(`“${f.label}” is not a size: write it as a number, with K or M, such as 500K or 2M.`);
  }
  const rawLabel = param(sp.label);
  if (rawLabel !== undefined && rawLabel.trim()) {
    asked = true;
    const label = labelParam(rawLabel);
    if (label) terms.label = label;
    else problems.push('A label has letters, digits, “.”, “_” and “-” only.');
  }
  if (terms.since && terms.before && terms.since >= terms.before) problems.push('“Since” must be a day before “Before”: no message can match both.');
  if (terms.larger !== undefined && terms.smaller !== undefined && terms.larger + 1 >= terms.smaller) problems.push('“Larger than” must be smaller than “Smaller than”: no message can match both.');
  const criteria = Object.entries(terms).some(([k, v]) => k !== 'body' && v !== undefined && v !== '' && v !== false);
  if (!asked && !criteria) return {};
  const below = intParam(sp.below);
  const down = intParam(sp.down);
  if (param(sp.scope) === 'all') terms.everywhere = true;
  else {
    // A window is of one folder's messages.
    if (below) terms.below = below;
    if (down && (!below || down < below)) terms.down = down;
  }
  if (problems.length > 0) return { search: terms, problem: problems.join(' ') };
  if (!criteria) return { search: terms, problem: 'Type what to search for, or choose at least one condition.' };
  return { search: terms };
}

/** The search a URL asks for, when it can be run; undefined when it asks for none or for one that cannot be. */
export function searchParam(sp: SearchParams): SearchTerms | undefined {
  const { search, problem } = readSearch(sp);
  return problem ? undefined : search;
}

/** Words typed into a search field: control characters and runs of spaces made one space, cut at the limit. */
function cleanText(value: string | string[] | undefined): string {
  const cleaned = (param(value) ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  // Cut by code points, so an emoji at the limit is dropped whole rather than halved.
  return Array.from(cleaned).slice(0, MAX_SEARCH_CHARS).join('').trim();
}

/** A day as YYYY-MM-DD (what `<input type="date">` sends; older browsers send what was typed), or undefined. */
export function dayParam(value: string): string | undefined {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value.trim());
  if (!m) return undefined;
  const day = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day && Number(m[1]) >= 1900 ? day : undefined;
}

/** A size as typed ("500K", "2 MB", "1.5m", "1200"), in bytes; undefined when it is not one. */
export function sizeParam(value: string): number | undefined {
  const m = /^(\d{1,9}(?:[.,]\d{1,3})?)\s*([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.round(Number(m[1].replace(',', '.')) * unit);
  return bytes <= 0xffff_ffff ? bytes : undefined;
}

/** The list context carried by a message URL. */
export function listContextParam(sp: Record<string, string | string[] | undefined>): ListContext {
  const order = orderParam(sp);
  const search = searchParam(sp);
  const conversations = !search && param(sp.view) === 'conversations';
  return { page: intParam(sp.page), search, ...(isNewestFirst(order) || conversations ? {} : { order }), ...(conversations ? { conversations } : {}) };
}

export interface MessageUrlOptions {
  /** The folder's UIDVALIDITY when the link was made: a UID means this message only while it holds. */
  uidValidity?: string;
  headers?: boolean;
  images?: boolean;
  full?: boolean;
  /** The list it was opened from; kept so "Back" returns to that page or search. */
  list?: ListContext;
  /**
   * In the reading pane, beside the list it was opened from (/mail?folder=…&uid=…), rather than on a page of its
   * own (/mail/read?folder=…&uid=…). Either URL is made of the folder and the UID.
   */
  pane?: boolean;
}

export function messageUrl(folder: string, uid: number, opts: MessageUrlOptions = {}): string {
  const q = new URLSearchParams({ folder, uid: String(uid) });
  if (opts.uidValidity) q.set('uidvalidity', opts.uidValidity);
  if (opts.list) setListContext(q, opts.list);
  if (opts.headers) q.set('headers', 'all');
  if (opts.images) q.set('images', 'show');
  if (opts.full) q.set('full', '1');
  return withBase(`${opts.pane ? '/mail' : '/mail/read'}?${q}`);
}

export function partUrl(folder: string, uid: number, section: string, opts: { inline?: boolean; uidValidity?: string } = {}): string {
  const q = new URLSearchParams({ folder, uid: String(uid), part: section });
  if (opts.uidValidity) q.set('uidvalidity', opts.uidValidity);
  if (opts.inline) q.set('inline', '1');
  return withBase(`/mail/part?${q}`);
}

/** Reads a single string search parameter (Next.js gives string | string[] | undefined). */
export function param(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A positive integer parameter, or undefined when absent or malformed. */
export function intParam(value: string | string[] | undefined): number | undefined {
  const s = param(value);
  if (!s || !/^\d{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n > 0 ? n : undefined;
}

/** A UIDVALIDITY from a URL (an unsigned 32-bit number in IMAP), or undefined when absent or malformed. */
export function uidValidityParam(value: string | string[] | undefined | null): string | undefined {
  const s = Array.isArray(value) ? value[0] : value;
  return s && /^[1-9]\d{0,9}$/.test(s) && Number(s) <= 0xffff_ffff ? s : undefined;
}

/** Longer return paths are not kept (no page of ours has one; it bounds the sign-in form's hidden field). */
const MAX_RETURN_PATH = 2048;

/**
 * Where to go after sign-in: only a path of this app, under the base path (no open redirect, nothing of another app
 * on the same site), never back to /login or /logout.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || next.length > MAX_RETURN_PATH || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return HOME_URL;
  if (/[\u0000-\u001f]/.test(next)) return HOME_URL;
  const own = appPath(next);
  if (own === undefined || own.startsWith('//') || own.startsWith('/login') || own.startsWith('/logout')) return HOME_URL;
  return next;
}

/** The folder named in a URL; INBOX is case-insensitive in IMAP, so any spelling of it is INBOX. */
export function normalizeFolder(value: string | string[] | undefined | null): string | undefined {
  const s = Array.isArray(value) ? value[0] : value;
  if (!s || s.length > 1000) return undefined;
  return s.toUpperCase() === 'INBOX' ? 'INBOX' : s;
}

/** A MIME section number from a URL ("1.2"), or undefined when absent or malformed. */
export function sectionParam(value: string | string[] | undefined | null): string | undefined {
  const s = Array.isArray(value) ? value[0] : value;
  return isSectionNumber(s) ? s : undefined;
}

/** What a folder page's URL asks for: the folder (INBOX when none), the page, and the search if any. */
export interface MailboxParams {
  folder: string;
  page: number;
  search?: SearchTerms;
  order: SortOrder;
  /** Why the search asked for cannot be run; the page then says so instead of listing anything. */
  searchProblem?: SearchProblem;
  /** The conversation view (not with a search). */
  conversations?: boolean;
}

export function mailboxParams(sp: SearchParams): MailboxParams {
  const { search, problem } = readSearch(sp);
  const conversations = !search && param(sp.view) === 'conversations';
  return { folder: normalizeFolder(sp.folder) ?? 'INBOX', page: intParam(sp.page) ?? 1, search, order: orderParam(sp), ...(problem ? { searchProblem: problem } : {}), ...(conversations ? { conversations } : {}) };
}

/**
 * What a message's URL asks for, on its own page or in the reading pane (`pane`: read from /mail). A missing or
 * malformed UID leaves `uid` undefined.
 */
export interface MessageParams extends Required<Pick<MessageUrlOptions, 'headers' | 'images' | 'full' | 'list' | 'pane'>> {
  folder: string;
  uid?: number;
  uidValidity?: string;
}

export function messageParams(sp: SearchParams, where: { pane: boolean } = { pane: false }): MessageParams {
  return {
    pane: where.pane,
    folder: normalizeFolder(sp.folder) ?? 'INBOX',
    uid: intParam(sp.uid),
    uidValidity: uidValidityParam(sp.uidvalidity),
    headers: param(sp.headers) === 'all',
    images: param(sp.images) === 'show',
    full: param(sp.full) === '1',
    list: listContextParam(sp),
  };
}

/** The message page a set of message parameters names (the list they came from kept), or its list without a UID. */
export function messageParamsUrl(m: MessageParams, change: Partial<Pick<MessageParams, 'headers' | 'images' | 'full'>> = {}): string {
  if (!m.uid) return listUrl(m.folder, m.list);
  return messageUrl(m.folder, m.uid, { ...m, ...change });
}

/** The whole message as stored: a download of it as an .eml file, or (`source`) shown as text ("View source"). */
export function rawMessageUrl(folder: string, uid: number, opts: { uidValidity?: string; source?: boolean } = {}): string {
  const q = new URLSearchParams({ folder, uid: String(uid) });
  if (opts.uidValidity) q.set('uidvalidity', opts.uidValidity);
  if (opts.source) q.set('view', 'source');
  return withBase(`/mail/raw?${q}`);
}

/** What a raw message link asks for; undefined fields were absent or malformed. */
export function rawMessageParams(q: URLSearchParams): { folder?: string; uid?: number; uidValidity?: string; source: boolean } {
  return { folder: normalizeFolder(q.get('folder')), uid: intParam(q.get('uid') ?? undefined), uidValidity: uidValidityParam(q.get('uidvalidity')), source: q.get('view') === 'source' };
}

/** What a part link asks for; undefined fields were absent or malformed. */
export interface PartParams {
  folder?: string;
  uid?: number;
  section?: string;
  uidValidity?: string;
  inline: boolean;
}

export function partParams(q: URLSearchParams): PartParams {
  return {
    folder: normalizeFolder(q.get('folder')),
    uid: intParam(q.get('uid') ?? undefined),
    section: sectionParam(q.get('part')),
    uidValidity: uidValidityParam(q.get('uidvalidity')),
    inline: q.get('inline') === '1',
  };
}

/** The actions on messages: the list's toolbar and the message view's buttons post one of these. */
export const MAIL_ACTIONS = ['enter', 'read', 'unread', 'flag', 'unflag', 'label', 'unlabel', 'archive', 'delete', 'move', 'copy', 'undo', 'expunge', 'empty'] as const;
export type MailActionName = (typeof MAIL_ACTIONS)[number];

/** The actions on folders ("Manage folders"), and "upload" (.eml files appended to a folder). */
export const FOLDER_ACTIONS = ['create', 'rename', 'delete-folder', 'subscribe', 'unsubscribe', 'upload'] as const;
export type FolderActionName = (typeof FOLDER_ACTIONS)[number];

/** What the compose form's POST did: saved a draft, or sent (with its copy in Sent, or without one, or not to every recipient). */
export const COMPOSE_OUTCOMES = ['draft', 'sent', 'sent-nocopy', 'sent-partly'] as const;
export type ComposeOutcome = (typeof COMPOSE_OUTCOMES)[number];

/**
 * What an action did, carried by the URL it returns to (post/redirect/get): the page shows it as a status line.
 * `done` names the action, `n` how many it changed, `missing` how many were gone already, `to` where they went;
 * `failed` is an error code instead. Only words the page makes itself are shown: nothing here is echoed as HTML.
 */
export interface ActionStatus {
  done?: MailActionName | FolderActionName | ComposeOutcome | 'delete-mark' | 'move-mark';
  n?: number;
  missing?: number;
  to?: string;
  failed?: MailErrorCode;
  /**
   * How to undo a move (archive, delete to the Trash): the messages' folder now, its UIDVALIDITY and their new UIDs
   * there (as the server reported them: COPYUID), and the folder they came from.
   */
  undo?: { folder: string; uidValidity: string; uids: string; to: string };
}

const STATUS_KEYS = ['done', 'n', 'missing', 'into', 'failed', 'undo', 'undouv', 'undouids', 'undoto'] as const;

/** `url` (of this app) with an action's status added, any earlier status replaced. */
export function withStatus(url: string, status: ActionStatus): string {
  const u = new URL(url, 'http://feather.invalid');
  for (const k of STATUS_KEYS) u.searchParams.delete(k);
  if (status.done) u.searchParams.set('done', status.done);
  if (status.n !== undefined) u.searchParams.set('n', String(status.n));
  if (status.missing) u.searchParams.set('missing', String(status.missing));
  // `into`, not `to`: a results page's URL has `to` (the advanced search's recipient field).
  if (status.to) u.searchParams.set('into', status.to);
  if (status.failed) u.searchParams.set('failed', status.failed);
  if (status.undo) {
    u.searchParams.set('undo', status.undo.folder);
    u.searchParams.set('undouv', status.undo.uidValidity);
    u.searchParams.set('undouids', status.undo.uids);
    u.searchParams.set('undoto', status.undo.to);
  }
  return u.pathname + u.search;
}

/** The status a page's URL carries, if any (malformed parts are dropped). */
export function statusParam(sp: SearchParams): ActionStatus | undefined {
  const done = param(sp.done);
  const failed = param(sp.failed);
  const status: ActionStatus = {
    done: done === 'delete-mark' || done === 'move-mark' || [...MAIL_ACTIONS, ...FOLDER_ACTIONS, ...COMPOSE_OUTCOMES].includes(done as never) ? (done as ActionStatus['done']) : undefined,
    n: intParam(sp.n),
    missing: intParam(sp.missing),
    to: param(sp.into)?.slice(0, 1000),
    failed: failed && /^[a-z-]{1,40}$/.test(failed) ? (failed as MailErrorCode) : undefined,
  };
  const undo = { folder: normalizeFolder(sp.undo), uidValidity: uidValidityParam(sp.undouv), uids: param(sp.undouids), to: normalizeFolder(sp.undoto) };
  if (undo.folder && undo.uidValidity && undo.uids && /^[\d:,]{1,4000}$/.test(undo.uids) && undo.to) status.undo = undo as ActionStatus['undo'];
  return status.done || status.failed ? status : undefined;
}
