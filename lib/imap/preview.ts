// The list rows' previews (IMAP PREVIEW, RFC 8970): a short text the server makes from each message, so no body
// travels. imapflow 2.1.2's fetch() has no item for it, so the one command goes through imapflow's own command
// runner, with a handler for the untagged FETCH answers it brings.
import type { ImapFlow } from 'imapflow';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';
import { log } from '@/lib/log.mjs';
import { previewOfFetch } from './translate';

/**
 * imapflow's command runner (internal: not in its typings): sends `command` with `attributes` compiled as IMAP,
 * gives each untagged response of a kind in `untagged` to its handler (instead of imapflow's own) while the
 * command runs, and resolves on the tagged OK, or rejects (a NO/BAD with `responseStatus` and `responseText`, a
 * connection fault with its code). `next()` must be called on what it resolves with: imapflow reads on only then.
 */
type Exec = (command: string, attributes: ImapCompileNode[], options: { untagged: { FETCH: (untagged: ImapResponse) => Promise<void> } }) => Promise<{ next(): void }>;

/** RFC 8970's capability; `PREVIEW=FUZZY` alone (drafts, some older servers) is not asked for. */
export function offersPreview(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('PREVIEW');
}

/**
 * The previews of the messages in `set` (sequence numbers, or UIDs with `byUid`) of the selected folder, by UID:
 * one `FETCH <set> (UID PREVIEW)` (or `UID FETCH`). Run it after the rows' own FETCH has finished, never inside
 * a fetch() iteration. Nothing is sent, and the map is empty, when the server does not announce PREVIEW. A
 * server that refuses the command (NO, BAD) costs the rows their previews, not the list: one log line, and the
 * previews that came before the refusal are kept. A connection fault is thrown, as from any other command.
 */
export async function fetchPreviews(client: ImapFlow, set: string, byUid: boolean): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (!set || !offersPreview(client)) return previews;
  const exec = (client as unknown as { exec?: Exec }).exec;
  if (typeof exec !== 'function') {
    log.warn('list previews left out: this imapflow has no command runner (exec)');
    return previews;
  }
  const onFetch = async (untagged: ImapResponse) => {
    // Answers the server sends unasked (another client's flag change) carry no PREVIEW and are skipped.
    const found = previewOfFetch(untagged);
    if (found?.preview !== undefined) previews.set(found.uid, found.preview);
  };
  try {
    const done = await exec.call(
      client,
      byUid ? 'UID FETCH' : 'FETCH',
      [
        { type: 'SEQUENCE', value: set },
        [
          { type: 'ATOM', value: 'UID' },
          { type: 'ATOM', value: 'PREVIEW' },
        ],
      ],
      { untagged: { FETCH: onFetch } },
    );
    done.next();
  } catch (err) {
    const e = err as { responseStatus?: string; responseText?: string };
    if (e.responseStatus !== 'NO' && e.responseStatus !== 'BAD') throw err;
    log.warn({ status: e.responseStatus, err: e.responseText, got: previews.size }, 'list previews left out: the server refused FETCH PREVIEW');
  }
  return previews;
}
