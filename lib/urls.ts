// Every URL of the app in one place. Folder and page, or folder and UID, are all a bookmark needs.

import type { SearchTerms } from '@/lib/imap/types';

export type { SearchTerms };

/** Longer search texts are cut here: no one types more, and it bounds the SEARCH command sent to the server. */
export const MAX_SEARCH_CHARS = 200;

/** Which list a message was opened from (page, search), so "Back" returns there. */
export interface ListContext {
  page?: number;
  search?: SearchTerms;
}

function setListContext(q: URLSearchParams, { page, search }: ListContext): void {
  if (search) {
    q.set('q', search.text);
    if (search.body) q.set('body', '1');
  }
  if (page && page > 1) q.set('page', String(page));
}

/** A folder's list, or the results of a search in it. */
export function folderUrl(folder: string, page = 1, search?: SearchTerms): string {
  const q = new URLSearchParams({ folder });
  setListContext(q, { page, search });
  return `/mail?${q}`;
}

/** The search a URL asks for, or undefined when there is none (an empty or blank `q`). */
export function searchParam(sp: Record<string, string | string[] | undefined>): SearchTerms | undefined {
  const cleaned = (param(sp.q) ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  // Cut by code points, so an emoji at the limit is dropped whole rather than halved.
  const text = Array.from(cleaned).slice(0, MAX_SEARCH_CHARS).join('').trim();
  if (!text) return undefined;
  return { text, body: param(sp.body) === '1' };
}

/** The list context carried by a message URL. */
export function listContextParam(sp: Record<string, string | string[] | undefined>): ListContext {
  return { page: intParam(sp.page), search: searchParam(sp) };
}

export interface MessageUrlOptions {
  /** The folder's UIDVALIDITY when the link was made: a UID means this message only while it holds. */
  uidValidity?: string;
  headers?: boolean;
  images?: boolean;
  full?: boolean;
  /** The list it was opened from; kept so "Back" returns to that page or search. */
  list?: ListContext;
}

export function messageUrl(folder: string, uid: number, opts: MessageUrlOptions = {}): string {
  const q = new URLSearchParams({ folder, uid: String(uid) });
  if (opts.uidValidity) q.set('uidvalidity', opts.uidValidity);
  if (opts.list) setListContext(q, opts.list);
  if (opts.headers) q.set('headers', 'all');
  if (opts.images) q.set('images', 'show');
  if (opts.full) q.set('full', '1');
  return `/mail/read?${q}`;
}

export function partUrl(folder: string, uid: number, section: string, opts: { inline?: boolean; uidValidity?: string } = {}): string {
  const q = new URLSearchParams({ folder, uid: String(uid), part: section });
  if (opts.uidValidity) q.set('uidvalidity', opts.uidValidity);
  if (opts.inline) q.set('inline', '1');
  return `/mail/part?${q}`;
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

/** Where to go after sign-in: only a path of this site (no open redirect), never back to /login or /logout. */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/mail';
  if (/[\u0000-\u001f]/.test(next)) return '/mail';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/mail';
  return next;
}

/** The folder named in a URL; INBOX is case-insensitive in IMAP, so any spelling of it is INBOX. */
export function normalizeFolder(value: string | string[] | undefined | null): string | undefined {
  const s = Array.isArray(value) ? value[0] : value;
  if (!s || s.length > 1000) return undefined;
  return s.toUpperCase() === 'INBOX' ? 'INBOX' : s;
}
