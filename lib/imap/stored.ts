// Parts already on the server that a new message carries on (a forward's attachments, a draft's, the original of a
// forward as attachment): what they are, from the structure alone, and their bytes as stored, streamed when a
// message must be put together here rather than by the server.
import type { Readable } from 'node:stream';
import { emlName } from '@/lib/mime/format';
import { describePart } from '@/lib/mime/plan';
import type { MimeNode } from '@/lib/mime/types';
import { MailError } from './errors';
import { downloadMessage, downloadPart, inFolder } from './mail';
import type { Account, ConnectionPool } from './pool';
import type { StoredMessage } from './drafts';
import { translateStructure } from './translate';

/** A part of a stored message, or (no section) the whole message. */
export interface StoredPart {
  at: StoredMessage;
  section?: string;
}

/** What a stored part is, as its new message's header fields will say: from BODYSTRUCTURE, nothing downloaded. */
export interface StoredPartInfo {
  part: StoredPart;
  filename: string;
  type: string;
  charset?: string;
  /** Its Content-Transfer-Encoding as stored. */
  encoding: string;
  /** Its size as stored (encoded). */
  size: number;
}

/** Whether any part is 8bit or binary: a whole message carried as message/rfc822 is then labelled 8bit. */
function hasEightBit(node: MimeNode): boolean {
  return node.encoding === '8bit' || node.encoding === 'binary' || (node.childNodes ?? []).some(hasEightBit);
}

/**
 * Describes parts of one stored message (`UID FETCH uid (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE)`): each section
 * as its structure has it, and for an absent section the message itself (message/rfc822, named after its
 * subject). A section that is not there is `no-part`; a message gone is `no-message`.
 */
export function describeStored(pool: ConnectionPool, account: Account, at: StoredMessage, sections: Array<string | undefined>): Promise<StoredPartInfo[]> {
  return inFolder(
    pool,
    account,
    at.folder,
    async (client) => {
      const msg = await client.fetchOne(String(at.uid), { uid: true, size: true, envelope: true, bodyStructure: true }, { uid: true });
      if (!msg || !msg.bodyStructure) throw new MailError('no-message', `${at.folder} ${at.uid}`);
      const root = translateStructure(msg.bodyStructure);
      return sections.map((section): StoredPartInfo => {
        if (section === undefined) {
          return { part: { at }, filename: emlName(msg.envelope?.subject ?? ''), type: 'message/rfc822', encoding: hasEightBit(root) ? '8bit' : '7bit', size: msg.size ?? 0 };
        }
        const info = describePart(root, section);
        if (!info) throw new MailError('no-part', `${at.folder} ${at.uid} ${section}`);
        return { part: { at, section }, filename: info.filename, type: info.type, charset: info.charset, encoding: info.encoding, size: info.size };
      });
    },
    at.uidValidity,
  );
}

/** A stored part's bytes as stored (still transfer-encoded), or the whole message, streamed on a connection of its own. */
export async function streamStored(pool: ConnectionPool, account: Account, part: StoredPart): Promise<Readable> {
  const { at, section } = part;
  if (section === undefined) return (await downloadMessage(pool, account, at.folder, at.uid, at.uidValidity)).stream;
  return (await downloadPart(pool, account, at.folder, at.uid, section, at.uidValidity, { encoded: true })).stream;
}

/** What the server offers for sending mail it holds: CATENATE, URLAUTH, and whether it files sent mail itself. */
export interface OutgoingSupport {
  catenate: boolean;
  urlauth: boolean;
  /**
   * The server files what its submission server sends in Sent itself, so a copy would be a second one: Gmail
   * does (it announces X-GM-EXT-1).
   */
  savesSent: boolean;
}

export function outgoingSupport(pool: ConnectionPool, account: Account): Promise<OutgoingSupport> {
  return pool.run(account, async (client) => ({
    catenate: client.capabilities.has('CATENATE'),
    urlauth: client.capabilities.has('URLAUTH'),
    savesSent: client.capabilities.has('X-GM-EXT-1'),
  }));
}
