// Display formatting shared by components: people and dates, each in one format everywhere (sizes: formatBytes in
// lib/mime/format). Dates are rendered on the server in its time zone (the TZ environment variable, as the process
// sees it): "today" and the weekday are the server's. Names are written out here rather than taken from Intl, so
// every page (and every Node/ICU version) prints the same date the same way.
import type { Address } from '@/lib/mime/types';
import type { SearchTerms } from '@/lib/imap/types';
import { formatBytes } from '@/lib/mime/format';
import { SEARCH_FLAG_FIELDS, SEARCH_WORD_FIELDS } from '@/lib/urls';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const two = (n: number) => String(n).padStart(2, '0');
/** "14:05" (24-hour clock). */
const timeOfDay = (d: Date) => `${two(d.getHours())}:${two(d.getMinutes())}`;
/** "5 Mar" */
const dayMonth = (d: Date) => `${d.getDate()} ${MONTHS[d.getMonth()]}`;
/** The local calendar day as a number (days since 1970-01-01), so that a DST change is no day of its own. */
const dayNumber = (d: Date) => Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86_400_000);

/** The one full format, for a message's header and a forwarded message's: "Tue 5 Mar 2024, 14:05". */
export function formatLongDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? `${WEEKDAYS[d.getDay()]} ${dayMonth(d)} ${d.getFullYear()}, ${timeOfDay(d)}` : '(no date)';
}

/** Every page's title: what the page is, then the app ("Inbox (3 unread) — Feather"); the layout's template too. */
export const TITLE_TEMPLATE = '%s — Feather';

export function pageTitle(what: string): string {
  return TITLE_TEMPLATE.replace('%s', what);
}

/** A day: "5 Mar 2024". A YYYY-MM-DD day (from a search) is that calendar day, whatever the time zone. */
export function formatDay(isoOrDay: string | null | undefined): string {
  const day = isoOrDay && /^\d{4}-\d{2}-\d{2}$/.exec(isoOrDay) ? isoOrDay.split('-').map(Number) : undefined;
  if (day) return `${day[2]} ${MONTHS[day[1] - 1]} ${day[0]}`;
  const d = parse(isoOrDay);
  return d ? `${dayMonth(d)} ${d.getFullYear()}` : '';
}

/**
 * Compact date for list rows: the time of day for today ("14:05"), the weekday within the six days before ("Tue"),
 * else day and month this year ("3 Mar") or with the year before ("3 Mar 2023"). A date in the future (a sender's
 * clock) is never a weekday: it shows as a date.
 */
export function formatListDate(iso: string | null | undefined, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return '';
  const daysAgo = dayNumber(now) - dayNumber(d);
  if (daysAgo === 0) return timeOfDay(d);
  if (daysAgo > 0 && daysAgo < 7) return WEEKDAYS[d.getDay()];
  return d.getFullYear() === now.getFullYear() ? dayMonth(d) : `${dayMonth(d)} ${d.getFullYear()}`;
}

export function formatAddress(a: Address): string {
  if (a.name && a.address) return `${a.name} <${a.address}>`;
  return a.name || a.address;
}

export function formatAddresses(list: Address[]): string {
  return list.map(formatAddress).join(', ');
}

/** For list rows: the name if there is one, else the address. */
export function senderName(list: Address[]): string {
  const a = list[0];
  return a ? a.name || a.address : '(unknown sender)';
}

/** The search in words: “budget” in the whole message, from “alice”, unread, since 1 Mar 2024. */
export function describeSearch(search: SearchTerms): string {
  const parts: string[] = [];
  if (search.text) parts.push(`“${search.text}” in ${search.body ? 'the whole message' : 'subject, sender or recipients'}`);
  for (const f of SEARCH_WORD_FIELDS) if (search[f.term]) parts.push(`${f.label.toLowerCase()} “${search[f.term]}”`);
  for (const f of SEARCH_FLAG_FIELDS) if (search[f.term]) parts.push(f.label.toLowerCase());
  if (search.label) parts.push(`labelled “${search.label}”`);
  if (search.since) parts.push(`since ${formatDay(search.since)}`);
  if (search.before) parts.push(`before ${formatDay(search.before)}`);
  if (search.larger !== undefined) parts.push(`larger than ${formatBytes(search.larger)}`);
  if (search.smaller !== undefined) parts.push(`smaller than ${formatBytes(search.smaller)}`);
  return parts.join(', ');
}

