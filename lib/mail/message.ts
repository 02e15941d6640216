import 'server-only';
// The message page's one read per request: the page and its title (the subject) share it.
import type { MessageParams } from '@/lib/urls';
import type { SignedIn } from './account';
import type { Attempt } from './attempt';
import { oncePerRequest } from './memo';
import { messageView as readMessageView, type MessageView } from './reader';

/** The message (marked \Seen) as lib/mail/reader.ts renders it, fetched once however often a request asks. */
export function messageView(user: SignedIn, m: MessageParams & { uid: number }): Promise<Attempt<MessageView>> {
  return oncePerRequest(`message:${user.sid}:${user.prefs.textOnly}:${JSON.stringify(m)}`, () => readMessageView(user, m));
}

/** A message page's title: the subject. */
export function messageTitle(message: Attempt<MessageView>): string {
  return message.ok ? message.value.detail.subject || '(no subject)' : 'Message not opened';
}
