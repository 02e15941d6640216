// What a message list row shows, read from the few header fields the list fetches instead of ENVELOPE and
// BODYSTRUCTURE (`BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)]`, with CONTENT-TYPE CONTENT-DISPOSITION where the
// server's keywords do not give the paperclip): a row shows the sender, the subject and the day, and whether there
// is an attachment. Pure.
import addressparser from 'nodemailer/lib/addressparser';
import libmime from 'libmime';
import { decodeHeaderWords, headerFields } from './decode';
import type { Address } from './types';

/** The header fields a list row shows. */
export const ROW_SHOWN_FIELDS = ['date', 'from', 'subject'] as const;
/** …and with the message's own type, for a paperclip the server's keywords do not give. */
export const ROW_HEADER_FIELDS = [...ROW_SHOWN_FIELDS, 'content-type', 'content-disposition'] as const;

export interface RowHeaders {
  subject: string;
  from: Address[];
  /** ISO date of the Date field, or null when it is missing or does not parse. */
  date: string | null;
  /**
   * The lower-case type/subtype of the message ('text/plain' when the field is missing, as RFC 2045 says); null
   * when the type fields were not fetched.
   */
  type: string | null;
  /** The lower-case disposition of the message itself ('' when none: it is shown, not attached). */
  disposition: string;
}

/**
 * Reads a row's header fields (a fetched HEADER.FIELDS block of `fields`). The first of a repeated field counts.
 */
export function rowHeaders(raw: Buffer | string, fields: readonly string[] = ROW_HEADER_FIELDS): RowHeaders {
  const first = new Map<string, string>();
  for (const { name, value } of headerFields(raw)) if (!first.has(name.toLowerCase())) first.set(name.toLowerCase(), value);
  const date = first.has('date') ? new Date(first.get('date')!) : null;
  const typed = fields.includes('content-type');
  const type = first.has('content-type') ? String(libmime.parseHeaderValue(first.get('content-type')!).value ?? '').trim().toLowerCase() : '';
  return {
    subject: decodeHeaderWords(first.get('subject') ?? ''),
    from: addressesOf(first.get('from') ?? ''),
    date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
    type: !typed ? null : /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type) ? type : 'text/plain',
    disposition: first.has('content-disposition') ? String(libmime.parseHeaderValue(first.get('content-disposition')!).value ?? '').trim().toLowerCase() : '',
  };
}

/** An address list (a group's members in its place), names decoded after the list is split. */
function addressesOf(value: string): Address[] {
  if (!value.trim()) return [];
  return addressparser(value, { flatten: true })
    .map((a) => ({ name: decodeHeaderWords(a.name ?? '').trim(), address: (a.address ?? '').trim() }))
    .filter((a) => a.name || a.address);
}

/**
 * Whether the message's own header already says it has no attachment, so its structure need not be fetched: a
 * single text shown inline. Any multipart may hold one (an alternative too: some mailers put the files inside its
 * HTML branch), and so may a bare file: their BODYSTRUCTURE decides, as on the message's page.
 */
export function headerRulesOutAttachment(row: Pick<RowHeaders, 'type' | 'disposition'>): boolean {
  return row.type !== null && row.type.startsWith('text/') && (row.disposition === '' || row.disposition === 'inline');
}
