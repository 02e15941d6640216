import 'server-only';
// A conversation's own page: the messages of the conversation a message is in, oldest first.
import { pool, readConversation, type MessageSummary } from '@/lib/imap';
import { conversationUrl } from '@/lib/urls';
import { attempt, signInAgainIfNeeded, type Attempt } from './attempt';
import type { SignedIn } from './account';

export interface ConversationView {
  folder: string;
  uidValidity: string;
  /** Oldest first. */
  messages: MessageSummary[];
  /** Older messages of the conversation not listed (past the page's limit). */
  more: number;
}

export async function conversationView(user: SignedIn, folder: string, uid: number, uidValidity?: string): Promise<Attempt<ConversationView>> {
  const view = await attempt(() => readConversation(pool(), user, folder, uid, uidValidity));
  signInAgainIfNeeded([view], conversationUrl(folder, uid, uidValidity));
  return view;
}
