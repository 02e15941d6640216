import type { Metadata } from 'next';
import { AllHeaders } from '@/components/AllHeaders';
import { AppHeader } from '@/components/AppHeader';
import { AttachmentList } from '@/components/AttachmentList';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ForwardedMessage } from '@/components/ForwardedMessage';
import { HeaderFields } from '@/components/HeaderFields';
import { MailLayout } from '@/components/MailLayout';
import { MessageBody } from '@/components/MessageBody';
import { Button, ButtonLink } from '@/components/ui/Button';
import { Toolbar, ToolbarGroup } from '@/components/ui/Toolbar';
import { currentUser, messageView, redirectFromPage, requireUser } from '@/lib/mail';
import { folderUrl, messageParams, messageParamsUrl, partUrl, type SearchParams } from '@/lib/urls';
import { setTextOnly } from '../actions';

type Props = { searchParams: Promise<SearchParams> };

/** The title is the message's subject. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const m = messageParams(await searchParams);
  const user = await currentUser();
  if (!user || !m.uid) return { title: 'Message' };
  const message = await messageView(user, { ...m, uid: m.uid });
  return { title: message.ok ? message.value.detail.subject || '(no subject)' : 'Message not opened' };
}

/** One message (/mail/read?folder=…&uid=…&uidvalidity=…): its text, attachments and forwarded messages. */
export default async function ReadPage({ searchParams }: Props) {
  const m = messageParams(await searchParams);
  const { folder, uid, uidValidity, list } = m;
  const back = folderUrl(folder, list.page, list.search);
  const here = messageParamsUrl(m);
  const user = await requireUser(here);
  if (!uid) redirectFromPage(back);
  const message = await messageView(user, { ...m, uid });
  const downloadUrl = (a: { section: string }) => partUrl(folder, uid, a.section, { uidValidity });
  const backLabel = list.search ? 'Back to search results' : `Back to ${message.ok ? message.value.detail.folderName : folder === 'INBOX' ? 'Inbox' : folder}`;

  return (
    <MailLayout header={<AppHeader user={user.user} />}>
      <Toolbar label="Message" className="sticky top-0 z-10 min-h-11 border-b border-line bg-surface px-2">
        <ToolbarGroup>
          <ButtonLink href={back} data-nav="up" icon="back" variant="quiet">
            {backLabel}
          </ButtonLink>
        </ToolbarGroup>
        {message.ok ? (
          <ToolbarGroup>
            {m.headers ? (
              <ButtonLink href={messageParamsUrl(m, { headers: false })} variant="quiet">
                Hide all headers
              </ButtonLink>
            ) : (
              <ButtonLink href={messageParamsUrl(m, { headers: true })} variant="quiet">
                Show all headers
              </ButtonLink>
            )}
            <form action={setTextOnly}>
              <input type="hidden" name="back" value={here} />
              <input type="hidden" name="textOnly" value={user.prefs.textOnly ? 'off' : 'on'} />
              <Button variant="quiet" icon="text">
                {user.prefs.textOnly ? 'Show formatted (HTML)' : 'Text only'}
              </Button>
            </form>
            {message.value.body.blockedImages > 0 ? (
              <ButtonLink href={messageParamsUrl(m, { images: true })} icon="image" variant="quiet">
                Show images ({message.value.body.blockedImages} blocked)
              </ButtonLink>
            ) : null}
          </ToolbarGroup>
        ) : null}
      </Toolbar>
      <div className="mx-auto max-w-4xl px-4 py-3">
        {!message.ok ? (
          <ErrorNotice title="This message could not be opened" message={message.message} />
        ) : (
          <article aria-labelledby="subject">
            <h1 id="subject" className="my-2 text-xl font-semibold break-words">
              {message.value.detail.subject || '(no subject)'}
            </h1>
            <HeaderFields from={message.value.detail.from} to={message.value.detail.to} cc={message.value.detail.cc} date={message.value.detail.date} />
            {message.value.headers ? <AllHeaders headers={message.value.headers} /> : null}
            <MessageBody body={message.value.body} monospace={user.prefs.monospace} />
            {message.value.body.truncated ? (
              <p className="running my-2">
                <a href={messageParamsUrl(m, { full: true })}>Show the rest of this message</a>
              </p>
            ) : null}
            <AttachmentList attachments={message.value.attachments} hrefFor={downloadUrl} />
            {message.value.embedded.map((e) => (
              <ForwardedMessage key={e.section} message={e} hrefFor={downloadUrl} monospace={user.prefs.monospace} />
            ))}
          </article>
        )}
      </div>
    </MailLayout>
  );
}
