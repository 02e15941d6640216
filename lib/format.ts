// Display formatting shared by components. Dates are rendered on the server in its time zone (TZ).
import type { Address } from '@/lib/mime/types';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat('en-GB', { timeStyle: 'short' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

export function formatLongDate(iso: string | null): string {
  return iso ? dateTime.format(new Date(iso)) : '(no date)';
}

/** Compact date for list rows: time today, day and month this year, else the full date. */
export function formatListDate(iso: string | null, now = new Date()): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (d.toDateString() === now.toDateString()) return timeOnly.format(d);
  if (d.getFullYear() === now.getFullYear()) return dayMonth.format(d);
  return d.toISOString().slice(0, 10);
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
