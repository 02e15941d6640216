// Building a message on the server from parts already there (CATENATE, RFC 4469), and naming it for a submission
// server to fetch (URLAUTH, RFC 4467): a forward of a 20 MB attachment without the 20 MB crossing the web server.
// imapflow 2.1.2 has neither command; both go through its own command runner, as METADATA does.
import type { ImapFlow } from 'imapflow';
import type { ImapCompileNode } from 'imapflow/lib/handler/types.js';
import { encodePath, formatDateTime } from 'imapflow/lib/tools.js';
import { execOf } from './exec';
import { MailError, toMailError } from './errors';
import type { Account, ConnectionPool } from './pool';
import type { StoredMessage } from './drafts';


/** A piece of the new message: bytes Feather sends, or a part of a stored message the server copies itself. */
export type CatenatePart = { text: Buffer } | { url: string };

/** Whether the server builds messages from URLs of stored parts (CATENATE) — Dovecot does. */
export function canCatenate(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('CATENATE');
}

/**
 * The relative IMAP URL (RFC 5092) of a stored message (no `section`: its header and body), or of one part, as
 * CATENATE takes it: the part's encoded body, its own MIME header lines not included. The folder's name is
 * written in UTF-8, %-escaped where RFC 5092 asks (any script: "Bücher" is "B%C3%BCcher"); null for a name with
 * control characters, or a bad section.
 */
export function storedPartUrl(at: StoredMessage, section?: string): string | null {
  if (/[\u0000-\u001f\u007f]/.test(at.folder) || (section !== undefined && !/^\d+(\.\d+)*$/.test(section))) return null;
  const folder = Array.from(at.folder)
    .map((c) => (/[A-Za-z0-9\-._~!$&'()*+,=:@/]/.test(c) ? c : encodeURIComponent(c)))
    .join('');
  return `/${folder};UIDVALIDITY=${at.uidValidity}/;UID=${at.uid}${section === undefined ? '' : `/;SECTION=${section}`}`;
}

/**
 * `APPEND folder (flags) ["date"] CATENATE (TEXT {…} URL "…" …)`: the message is put together by the server, which reads
 * each URL's part from the mailbox itself. Answers where the new message is (APPENDUID).
 */
export function catenateMessage(pool: ConnectionPool, account: Account, folder: string, parts: CatenatePart[], flags: string[], date?: Date): Promise<StoredMessage | undefined> {
  return pool.run(account, async (client) => {
    if (!canCatenate(client)) throw new MailError('server', 'no CATENATE');
    const pieces: ImapCompileNode[] = [];
    for (const p of parts) {
      if ('text' in p) pieces.push({ type: 'ATOM', value: 'TEXT' }, { type: 'LITERAL', value: p.text } as ImapCompileNode);
      else pieces.push({ type: 'ATOM', value: 'URL' }, { type: 'STRING', value: p.url });
    }
    let response;
    try {
      // The folder's name as the server wants it (modified UTF-7, or UTF-8 where UTF8=ACCEPT is on), as imapflow's own APPEND sends it.
      const when: ImapCompileNode[] = date ? [{ type: 'STRING', value: formatDateTime(date) as string }] : [];
      response = await execOf(client)('APPEND', [{ type: 'ATOM', value: encodePath(client as never, folder) }, flags.map((f) => ({ type: 'ATOM', value: f })) as unknown as ImapCompileNode, ...when, { type: 'ATOM', value: 'CATENATE' }, pieces as unknown as ImapCompileNode]);
    } catch (err) {
      const code = (err as { serverResponseCode?: string }).serverResponseCode;
      if (code === 'OVERQUOTA') throw new MailError('over-quota', 'CATENATE', { cause: err });
      if (code === 'TRYCREATE' || code === 'NONEXISTENT') throw new MailError('no-folder', `CATENATE into ${folder}`, { cause: err });
      throw toMailError(err);
    }
    const section = (response.response.attributes?.[0] as { section?: Array<{ value?: string }> } | undefined)?.section;
    response.next();
    if (section && String(section[0]?.value).toUpperCase() === 'APPENDUID') {
      const uidValidity = String(section[1]?.value ?? '');
      const uid = Number(section[2]?.value);
      if (/^\d+$/.test(uidValidity) && Number.isInteger(uid) && uid > 0) return { folder, uidValidity, uid };
    }
    return undefined;
  });
}

/** Whether the server hands out URLAUTH URLs a submission server can fetch a message by (RFC 4467). */
export function canUrlAuth(client: Pick<ImapFlow, 'capabilities'>): boolean {
  return client.capabilities.has('URLAUTH');
}

/**
 * A URLAUTH URL of a stored message that only a submission server signed in as this user may fetch
 * (`GENURLAUTH "imap://user@host/folder;UIDVALIDITY=…/;UID=…;URLAUTH=submit+user" INTERNAL`). `host` and `port`
 * must be the server's own (its imap_urlauth_host).
 */
export function genUrlAuth(pool: ConnectionPool, account: Account, at: StoredMessage, host: string, port: number): Promise<string> {
  return pool.run(account, async (client) => {
    if (!canUrlAuth(client)) throw new MailError('server', 'no URLAUTH');
    const user = encodeURIComponent(account.user);
    const path = storedPartUrl(at);
    if (!path) throw new MailError('server', `${at.folder}: not a folder name URLAUTH can carry here`);
    const url = `imap://${user}@${host}${port === 143 ? '' : `:${port}`}${path};URLAUTH=submit+${user}`;
    let authorized: string | undefined;
    const done = await execOf(client)('GENURLAUTH', [{ type: 'STRING', value: url }, { type: 'ATOM', value: 'INTERNAL' }], {
      untagged: {
        GENURLAUTH: async (untagged) => {
          const v = (untagged.attributes?.[0] as { value?: unknown } | undefined)?.value;
          if (typeof v === 'string') authorized = v;
        },
      },
    });
    done.next();
    if (!authorized) throw new MailError('server', 'GENURLAUTH gave no URL');
    return authorized;
  });
}
