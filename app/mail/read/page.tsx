import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { MailLayout } from '@/components/MailLayout';
import { MessageDisplay } from '@/components/MessageDisplay';
import { ActionStatusLine } from '@/components/ActionStatusLine';
import { LiveUpdates } from '@/components/Enhancements';
import { canSend, currentUser, messageTitle, messageView, moveTargetsOf, redirectFromPage, requireUser } from '@/lib/mail';
import { liveUrl, messageParams, messageParamsUrl, statusParam, type SearchParams } from '@/lib/urls';
import { mailAction, setPreferences } from '../actions';

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
  const sp = await searchParams;
  const [message, folders] = await Promise.all([messageView(user, { ...m, uid: m.uid }), moveTargetsOf(user)]);
  const status = statusParam(sp);
  return (
    <MailLayout header={<AppHeader user={user.user} sending={canSend()} />}>
      {status ? <ActionStatusLine status={status} action={mailAction} back={messageParamsUrl(m)} /> : null}
      <LiveUpdates key={liveUrl(m.folder, m.uid)} url={liveUrl(m.folder, m.uid)} folder={m.folder} uid={m.uid} />
      <MessageDisplay m={{ ...m, uid: m.uid }} message={message} prefs={user.prefs} setPreferences={setPreferences} mailAction={mailAction} folders={folders} />
    </MailLayout>
  );
}
