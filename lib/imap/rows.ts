// The list rows' one FETCH: flags, the header fields a row shows and, where the server has RFC 8970 PREVIEW, the
// server's short text of each message, in one command, so each row comes back as one answer. imapflow 2.1.2's
// fetch() has no item for PREVIEW, so the command goes through imapflow's own runner; its answers are read by
// imapflow's own FETCH reader (which also keeps the folder's UIDNEXT and HIGHESTMODSEQ up to date), the preview
// beside it.
import type { FetchMessageObject, ImapFlow, MailboxObject } from 'imapflow';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import { log } from '@/lib/log.mjs';
import { execOf } from './exec';
import { previewOfFetch } from './translate';

/** One row's answer: what imapflow's fetch() would give for it, and the preview when the server sent one. */
export interface FetchedRow {
  msg: FetchMessageObject;
  preview?: string;
}

/** RFC 8970's capability; `PREVIEW=FUZZY` alone (drafts, some older servers) is not asked for. */
export function offersPreview(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('PREVIEW');
}

/** The command's items: `UID FLAGS BODY.PEEK[HEADER.FIELDS (…)]`, and `PREVIEW` when asked. */
function rowItems(fields: readonly string[], preview: boolean): ImapCompileNode[] {
  const items: ImapCompileNode[] = [
    { type: 'ATOM', value: 'UID' },
    { type: 'ATOM', value: 'FLAGS' },
    { type: 'ATOM', value: 'BODY.PEEK', section: [{ type: 'ATOM', value: 'HEADER.FIELDS' }, fields.map((f) => ({ type: 'ATOM', value: f.toUpperCase() }))] } as ImapCompileNode,
  ];
  if (preview) items.push({ type: 'ATOM', value: 'PREVIEW' });
  return items;
}

/**
 * `FETCH <set> (UID FLAGS BODY.PEEK[HEADER.FIELDS (<fields>)] PREVIEW)` (`UID FETCH` with `byUid`; no PREVIEW
 * when the server does not announce it) in the selected folder, every FETCH answer that came back, in the order
 * they came: the caller keeps the ones it asked for (answers the server sends unasked, another client's flag
 * change, carry no header fields). A server that refuses the command with PREVIEW in it (NO, BAD) is asked again
 * without it, the rows then without previews (one log line). A connection fault is thrown, as from any command.
 */
export async function fetchRowItems(client: ImapFlow, set: string, byUid: boolean, fields: readonly string[]): Promise<FetchedRow[]> {
  if (!set) return [];
  const mailbox = (client.mailbox || {}) as MailboxObject;
  const run = async (preview: boolean) => {
    const rows: FetchedRow[] = [];
    const onFetch = async (untagged: ImapResponse) => {
      const msg = await formatMessageResponse(untagged, mailbox);
      const found = preview ? previewOfFetch(untagged) : null;
      rows.push(found?.preview !== undefined ? { msg, preview: found.preview } : { msg });
    };
    const done = await execOf(client)(byUid ? 'UID FETCH' : 'FETCH', [{ type: 'SEQUENCE', value: set }, rowItems(fields, preview)], { untagged: { FETCH: onFetch } });
    done.next();
    return rows;
  };
  if (!offersPreview(client)) return run(false);
  try {
    return await run(true);
  } catch (err) {
    const e = err as { responseStatus?: string; responseText?: string };
    if (e.responseStatus !== 'NO' && e.responseStatus !== 'BAD') throw err;
    log.warn({ status: e.responseStatus, err: e.responseText }, 'list previews left out: the server refused FETCH with PREVIEW');
    return run(false);
  }
}
