// The user's settings kept on the IMAP server (METADATA, RFC 5464): one private server entry, so they follow the
// user to any machine and outlive the sign-in. imapflow 2.1.2 has no METADATA commands, so GETMETADATA and
// SETMETADATA go through its own command runner, as the list previews do.
import type { ImapFlow } from 'imapflow';
import type { ImapResponse } from 'imapflow/lib/handler/types.js';
import { execOf } from './exec';
import type { Account, ConnectionPool } from './pool';

/** The server entry ("" = not a folder's, the server's; /private = this user's only). Vendor-named, per RFC 5464. */
export const SETTINGS_ENTRY = '/private/vendor/feather/settings';
/** Settings are a few hundred bytes of JSON; a larger value in the entry is not ours to read. */
const MAX_SETTINGS_BYTES = 16 * 1024;


/** Whether the server keeps entries for its users (the METADATA capability; METADATA-SERVER is server entries only). */
export function keepsSettings(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('METADATA');
}

/** The text of an attribute as imapflow parsed it (a string, a literal's bytes, or NIL). */
function textOf(node: unknown): string | null {
  const v = (node as { value?: unknown } | undefined)?.value;
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return null;
}

/**
 * The stored settings text, `null` when there is none yet, or `undefined` when the server keeps no entries
 * (no METADATA): one `GETMETADATA "" (/private/vendor/feather/settings)`.
 */
export function loadSettings(pool: ConnectionPool, account: Account): Promise<string | null | undefined> {
  return pool.run(account, async (client) => {
    if (!keepsSettings(client)) return undefined;
    let found: string | null = null;
    const onMetadata = async (untagged: ImapResponse) => {
      // * METADATA "" (/private/vendor/feather/settings "{…}")
      const list = untagged.attributes?.[1] as unknown as unknown[] | undefined;
      if (!Array.isArray(list)) return;
      for (let i = 0; i + 1 < list.length; i += 2) {
        if (textOf(list[i])?.toLowerCase() === SETTINGS_ENTRY) found = textOf(list[i + 1]);
      }
    };
    const done = await execOf(client)('GETMETADATA', [{ type: 'STRING', value: '' }, [{ type: 'ATOM', value: SETTINGS_ENTRY }]], { untagged: { METADATA: onMetadata } });
    done.next();
    return found !== null && Buffer.byteLength(found) <= MAX_SETTINGS_BYTES ? found : null;
  });
}

/** Stores the settings text: `SETMETADATA "" (/private/vendor/feather/settings "…")`. False when the server keeps no entries. */
export function storeSettings(pool: ConnectionPool, account: Account, text: string): Promise<boolean> {
  return pool.run(account, async (client) => {
    if (!keepsSettings(client)) return false;
    const done = await execOf(client)('SETMETADATA', [
      { type: 'STRING', value: '' },
      [
        { type: 'ATOM', value: SETTINGS_ENTRY },
        { type: 'STRING', value: text },
      ],
    ]);
    done.next();
    return true;
  });
}
