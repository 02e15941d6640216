// The one door through which routes reach mail. Routes (app/**) import this module, lib/urls and components only:
// never lib/imap, lib/mime, lib/config or lib/session (lint enforces it on resolved paths). Everything here finds the connection
// pool and the session itself, and hands back plain objects, or a Response for a route handler.
//
// A new action (flag, move, delete, a folder, compose…) is a function in a file of its own here, taking the
// signed-in user and plain arguments, calling lib/imap through `pool()` inside `attempt`, exported below.
import 'server-only';

export { currentUser, requireUser, signIn, signInNotice, signOutResponse, savePreferences, viewSwitchResponse, type Preferences, type SignedIn } from './account';
export { pageView, type PageView } from './view';
export { attempt, type Attempt, type Failure } from './attempt';
export { mailboxTitle, mailboxView, type MailboxView } from './mailbox';
export { messageTitle, messageView } from './message';
export { conversationView, type ConversationView } from './conversation';
export type { BodyView, EmbeddedView, HeaderLine, MessageView, TextBlock, TextSegment } from './reader';
export { partResponse, rawMessageResponse } from './parts';
export { healthResponse } from './health';
export { liveResponse } from './live';
export { redirectFromAction, redirectFromPage } from '@/lib/navigate';
export type { Address, EverywhereResults, FolderSection, ListPlace, MailboxNode, MessagePage, MessageSummary, SearchTerms } from '@/lib/imap';
export type { AttachmentRef } from '@/lib/mime/types';
export { actionStatusText, draftsOf, moveTargets, moveTargetsOf, runMailAction, trashOf, type FolderChoice } from './manage';
export { folderManagerView, paneFolders, quotaView, runFolderAction, type FolderManagerView, type ManagedFolder, type QuotaUsage } from './folders';
export { uploadLimit, uploadResponse } from './upload';
export { addressBookResponse, addressOf, canSend, composeView, sendResponse, type ComposeFields, type ComposeView } from './compose';
