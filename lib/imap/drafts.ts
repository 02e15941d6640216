// Drafts and sent copies on the server: a draft is a message in the Drafts folder (APPEND with \Draft), replaced by
// UID when saved again; a sent message's copy is APPENDed to Sent. A reply started in the lab is finished at home.
import { MailError, toMailError } from './errors';
import { inFolder, partOf } from './mail';
import { takeRefusal, type Account, type ConnectionPool } from './pool';
import { sequenceSet } from './sequence';
import { DRAFT_SOURCE_HEADER, parseDraftSource, type DraftSource } from '@/lib/mime/compose';
import { parseHeaderBlock } from '@/lib/mime/decode';
import { carriedParts, planBody, type CarriedPart } from '@/lib/mime/plan';
import { translateStructure } from './translate';

/** Where a message is: its folder, UIDVALIDITY and UID (a draft to replace or remove). */
export interface StoredMessage {
  folder: string;
  uidValidity: string;
  uid: number;
}

/** APPENDs `bytes` to `folder` with `flags`; answers where it now is (APPENDUID, RFC 4315), when the server said. */
export function storeMessage(pool: ConnectionPool, account: Account, folder: string, bytes: Buffer, flags: string[], date?: Date): Promise<StoredMessage | undefined> {
  return pool.run(account, async (client) => {
    try {
      const r = await client.append(folder, bytes, flags, date);
      return r && r.uid && r.uidValidity !== undefined ? { folder, uid: r.uid, uidValidity: String(r.uidValidity) } : undefined;
    } catch (err) {
      // A refusal of a large APPEND's literal comes without its code on the error: the pool's log line has it.
      const code = (err as { serverResponseCode?: string }).serverResponseCode ?? takeRefusal(client);
      if (code === 'TRYCREATE' || code === 'NONEXISTENT') throw new MailError('no-folder', `APPEND to ${folder}: ${code}`, { cause: err });
      if (code === 'APPENDLIMIT' || code === 'TOOBIG') throw new MailError('too-large', `APPEND to ${folder}: ${code}`, { cause: err });
      if (code === 'OVERQUOTA' || code === 'LIMIT') throw new MailError('over-quota', `APPEND to ${folder}: ${code}`, { cause: err });
      throw toMailError(err);
    }
  });
}

/** Where the message with `messageId` is in `folder` (the newest, if several): `UID SEARCH HEADER Message-ID`. */
export function findMessage(pool: ConnectionPool, account: Account, folder: string, messageId: string): Promise<StoredMessage | undefined> {
  return inFolder(pool, account, folder, async (client, mailbox) => {
    const found = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
    const uid = found.length ? Math.max(...found) : undefined;
    return uid ? { folder, uid, uidValidity: String(mailbox.uidValidity) } : undefined;
  });
}

/**
 * Removes one message (an earlier version of a draft, a draft just sent): `UID STORE +FLAGS (\Deleted)` and, with
 * UIDPLUS, `UID EXPUNGE` of that UID only; without UIDPLUS it stays marked. Gone already, or a renumbered folder:
 * nothing to do.
 */
export function removeMessage(pool: ConnectionPool, account: Account, at: StoredMessage): Promise<void> {
  return inFolder(pool, account, at.folder, async (client, mailbox) => {
    if (String(mailbox.uidValidity) !== at.uidValidity) return;
    const set = sequenceSet([at.uid]);
    const found = await client.search({ uid: set }, { uid: true });
    if (!found || !found.includes(at.uid)) return;
    // imapflow's delete is `UID STORE +FLAGS (\Deleted)` then `UID EXPUNGE` (UIDPLUS): one STORE either way.
    if (client.capabilities.has('UIDPLUS')) await client.messageDelete(set, { uid: true });
    else await client.messageFlagsAdd(set, ['\\Deleted'], { uid: true });
  });
}

/** A draft as the compose form shows it again. */
export interface DraftContents {
  /** The recipient fields as they were typed (a draft may hold entries that are not addresses yet). */
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  /** The text part's bytes (transfer encoding undone) and its charset; lib/mime turns them into text. */
  text: { bytes: Buffer; charset?: string; flowed: boolean; html: boolean } | null;
  inReplyTo?: string;
  references: string[];
  /** The message it answers or forwards, as Feather wrote it in the draft. */
  source?: DraftSource;
  messageId?: string;
  /** Its attachments (forwarded messages among them), kept on the server: sent again from there. */
  attachments: DraftAttachment[];
}

/** A part of a draft that is not its text: an attached file, or a forwarded message (message/rfc822). */
export type DraftAttachment = CarriedPart;

/**
 * Reads a draft back: its recipient fields as written (`BODY.PEEK[HEADER.FIELDS (TO CC BCC)]`: the envelope would
 * have parsed away what is not an address yet), its subject and ids, and its first text part, at most `maxBytes`.
 */
export function readDraft(pool: ConnectionPool, account: Account, at: StoredMessage, maxBytes: number): Promise<DraftContents> {
  return inFolder(
    pool,
    account,
    at.folder,
    async (client): Promise<DraftContents> => {
      const msg = await client.fetchOne(String(at.uid), { uid: true, envelope: true, bodyStructure: true, headers: ['to', 'cc', 'bcc', 'references', DRAFT_SOURCE_HEADER.toLowerCase()] }, { uid: true });
      if (!msg || !msg.envelope) throw new MailError('no-message', `${at.folder} ${at.uid}`);
      const e = msg.envelope;
      const fields = parseHeaderBlock(msg.headers ?? Buffer.alloc(0));
      const field = (name: string) =>
        fields
          .filter((f) => f.name.toLowerCase() === name)
          .map((f) => f.value.trim())
          .join(', ');
      const root = msg.bodyStructure ? translateStructure(msg.bodyStructure) : null;
      // The structure is known: the text (the plain part of a draft another program wrote with HTML too, or its
      // HTML alone) comes in the same lock, one more FETCH. Over `maxBytes` it is not read at all.
      const plan = root ? planBody(root, { preferText: true }) : null;
      const body = plan?.body ?? null;
      const part = root && body ? await partOf(client, at.folder, at.uid, root, body.section, maxBytes) : null;
      if (body && !part) throw new MailError('too-large', `${at.folder} ${at.uid}: text over ${maxBytes} bytes`);
      return {
        to: field('to'),
        cc: field('cc'),
        bcc: field('bcc'),
        subject: e.subject ?? '',
        inReplyTo: e.inReplyTo || undefined,
        references: field('references').split(/[\s,]+/).filter((r) => /^<[^<>\s]+>$/.test(r)),
        source: parseDraftSource(field(DRAFT_SOURCE_HEADER.toLowerCase())),
        messageId: e.messageId || undefined,
        text: part ? { bytes: part.bytes, charset: part.info.charset, flowed: part.info.flowed, html: part.info.type === 'text/html' } : null,
        attachments: root && plan ? carriedParts(root, plan, { forward: false }) : [],
      };
    },
    at.uidValidity,
  );
}

/** The addresses the user wrote to most, from the envelopes of the newest `scan` messages in Sent (no bodies). */
export function recentRecipients(pool: ConnectionPool, account: Account, sent: string, scan = 300, limit = 200): Promise<Array<{ name: string; address: string }>> {
  return inFolder(pool, account, sent, async (client, mailbox) => {
    if (mailbox.exists === 0) return [];
    const from = Math.max(1, mailbox.exists - scan + 1);
    const rows = await client.fetchAll(`${from}:${mailbox.exists}`, { uid: true, envelope: true });
    const seen = new Map<string, { name: string; address: string; count: number }>();
    for (const r of rows) {
      const e = r.envelope;
      if (!e) continue;
      for (const a of [...(e.to ?? []), ...(e.cc ?? []), ...(e.bcc ?? [])]) {
        const address = (a.address ?? '').trim();
        if (!address.includes('@')) continue;
        const key = address.toLowerCase();
        const known = seen.get(key) ?? { name: (a.name ?? '').trim(), address, count: 0 };
        known.count++;
        if (!known.name && a.name) known.name = a.name.trim();
        seen.set(key, known);
      }
    }
    return [...seen.values()]
      .sort((a, b) => b.count - a.count || a.address.localeCompare(b.address))
      .slice(0, limit)
      .map(({ name, address }) => ({ name, address }));
  });
}
