import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ConversationDisplay } from '@/components/ConversationDisplay';
import { ErrorNotice } from '@/components/ErrorNotice';
import { MailLayout } from '@/components/MailLayout';
import { canSend, conversationView, currentUser, requireUser } from '@/lib/mail';
import { conversationUrl, intParam, listUrl, normalizeFolder, uidValidityParam, type SearchParams } from '@/lib/urls';

type Props = { searchParams: Promise<SearchParams> };

function paramsOf(sp: SearchParams) {
  return { folder: normalizeFolder(sp.folder) ?? 'INBOX', uid: intParam(sp.uid), uidValidity: uidValidityParam(sp.uidvalidity) };
}

/** The title is the conversation's subject. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { folder, uid, uidValidity } = paramsOf(await searchParams);
  const user = await currentUser();
  if (!user || !uid) return { title: 'Conversation' };
  const view = await conversationView(user, folder, uid, uidValidity);
  return { title: view.ok ? view.value.messages[0]?.subject || '(no subject)' : 'Conversation' };
}

/** A conversation on a page of its own (/mail/conversation?folder=…&uid=…): its messages, oldest first. */
export default async function ConversationPage({ searchParams }: Props) {
  const { folder, uid, uidValidity } = paramsOf(await searchParams);
  const user = await requireUser(uid ? conversationUrl(folder, uid, uidValidity) : listUrl(folder, { conversations: true }));
  const view = uid ? await conversationView(user, folder, uid, uidValidity) : null;
  return (
    <MailLayout header={<AppHeader user={user.user} sending={canSend()} />}>
      {view && view.ok ? (
        <ConversationDisplay folder={folder} conversation={view.value} back={listUrl(folder, { conversations: true })} />
      ) : (
        <ErrorNotice title="This conversation could not be opened" message={view ? view.message : 'The link names no message.'}>
          <p>
            <a href={listUrl(folder, { conversations: true })}>Back to conversations</a>
          </p>
        </ErrorNotice>
      )}
    </MailLayout>
  );
}
