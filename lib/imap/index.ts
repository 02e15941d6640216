// lib/imap's face to lib/mail, the app's door to mail. Only lib/imap imports imapflow; routes never come here.
import 'server-only';
import { config } from '@/lib/config';
import { processWide } from '@/lib/process-state';
import { ConnectionPool } from './pool';

export { MailError, toMailError, type MailErrorCode } from './errors';
export type { Account, ConnectionPool } from './pool';
export type * from './types';
export { listConversations, listFolders, listMessages, readConversation, searchEverywhere, searchMessages, openMessage, downloadPart, downloadMessage, readSmallPart, type PartInfo, type OpenedMessage } from './mail';

export { probeTransport } from './doctor';
export { liveRegistry, type LiveEvent } from './watch';
export { parseSequenceSet, sequenceSet } from './sequence';
export { loadSettings, storeSettings } from './metadata';
export type { OutgoingSupport, StoredPart, StoredPartInfo } from './stored';
export { findMessage, readDraft, recentRecipients, removeMessage, storeMessage, type DraftAttachment, type DraftContents, type StoredMessage } from './drafts';
export { accountQuota, createFolder, deleteFolder, folderContents, folderNameProblem, renameFolder, setSubscribed, MAX_FOLDER_NAME, type FolderContentsSummary, type QuotaUsage } from './folders';
export { subscribedOnly } from './translate';
export { choicesOf, copyMessages, eraseMessages, expungeMessages, folderChoices, moveMessages, setFlag, setLabel, type ActionResult, type FolderChoice, type MoveResult, type Selection } from './manage';

/** The IMAP server as configured (host, port, TLS mode and trust). */
export function configuredServer() {
  return config().imap;
}

/** The one connection pool of the process. */
export function pool(): ConnectionPool {
  return processWide('imapPool', () => {
    const c = config();
    return new ConnectionPool({
      server: c.imap,
      idleTimeoutMs: c.idleTimeoutMs,
      commandTimeoutMs: c.commandTimeoutMs,
      search: c.search,
      maxConnections: c.maxConnections,
      maxConnectionsPerUser: c.maxConnectionsPerUser,
    });
  });
}
