import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { MailLayout } from '@/components/MailLayout';
import { MessageDisplay } from '@/components/MessageDisplay';
import { currentUser, messageTitle, messageView, redirectFromPage, requireUser } from '@/lib/mail';
import { messageParams, messageParamsUrl, type SearchParams } from '@/lib/urls';
import { setTextOnly } from '../actions';

type Props = { searchParams: Promise<SearchParams> };

/** The title is the message's subject. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const m = messageParams(await searchParams);
  const user = await currentUser();
  if (!user || !m.uid) return { title: 'Message' };
  return { title: messageTitle(await messageView(user, { ...m, uid: m.uid })) };
}

/** One message on a page of its own (/mail/read?folder=…&uid=…&uidvalidity=…), with the list it came from kept. */
export default async function ReadPage({ searchParams }: Props) {
  const m = messageParams(await searchParams);
  const user = await requireUser(messageParamsUrl(m));
  if (!m.uid) redirectFromPage(messageParamsUrl(m));
  const message = await messageView(user, { ...m, uid: m.uid });
  return (
    <MailLayout header={<AppHeader user={user.user} />}>
      <MessageDisplay m={{ ...m, uid: m.uid }} message={message} prefs={user.prefs} setTextOnly={setTextOnly} />
    </MailLayout>
  );
}
