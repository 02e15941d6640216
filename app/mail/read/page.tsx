import type { Metadata } from 'next';
import { AllHeaders } from '@/components/AllHeaders';
import { AppHeader } from '@/components/AppHeader';
import { AttachmentList } from '@/components/AttachmentList';
import { ErrorNotice } from '@/components/ErrorNotice';
import { ForwardedMessage } from '@/components/ForwardedMessage';
import { HeaderFields } from '@/components/HeaderFields';
import { MessageBody } from '@/components/MessageBody';
import { messageView, redirectFromPage, requireUser } from '@/lib/mail';
import { folderUrl, messageParams, messageParamsUrl, partUrl, type SearchParams } from '@/lib/urls';
import { setTextOnly } from '../actions';

export const metadata: Metadata = { title: 'Message' };

/** One message (/mail/read?folder=…&uid=…&uidvalidity=…): its text, attachments and forwarded messages. */
export default async function ReadPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const m = messageParams(await searchParams);
  const { folder, uid, uidValidity, list } = m;
  const back = folderUrl(folder, list.page, list.search);
  const here = messageParamsUrl(m);
  const user = await requireUser(here);
  if (!uid) redirectFromPage(back);
  const message = await messageView(user, { ...m, uid });
  const downloadUrl = (a: { section: string }) => partUrl(folder, uid, a.section, { uidValidity });

  return (
    <>
      <AppHeader user={user.user} />
      <main id="main" className="mx-auto max-w-4xl p-3">
        <p className="text-sm">
          <a href={back} data-nav="up">
            {list.search ? 'Back to search results' : `Back to ${message.ok ? message.value.detail.folderName : folder === 'INBOX' ? 'Inbox' : folder}`}
          </a>
        </p>
        {!message.ok ? (
          <ErrorNotice title="This message could not be opened" message={message.message} />
        ) : (
          <article aria-labelledby="subject">
            <h1 id="subject" className="my-2 text-xl font-bold break-words">
              {message.value.detail.subject || '(no subject)'}
            </h1>
            <HeaderFields from={message.value.detail.from} to={message.value.detail.to} cc={message.value.detail.cc} date={message.value.detail.date} />
            <div className="my-2 flex flex-wrap items-center gap-4 text-sm">
              {m.headers ? <a href={messageParamsUrl(m, { headers: false })}>Hide all headers</a> : <a href={messageParamsUrl(m, { headers: true })}>Show all headers</a>}
              <form action={setTextOnly}>
                <input type="hidden" name="back" value={here} />
                <input type="hidden" name="textOnly" value={user.prefs.textOnly ? 'off' : 'on'} />
                <button type="submit" className="btn">
                  {user.prefs.textOnly ? 'Show formatted (HTML)' : 'Text only'}
                </button>
              </form>
              {message.value.body.blockedImages > 0 ? <a href={messageParamsUrl(m, { images: true })}>Show images ({message.value.body.blockedImages} blocked)</a> : null}
            </div>
            {message.value.headers ? <AllHeaders headers={message.value.headers} /> : null}
            <MessageBody body={message.value.body} monospace={user.prefs.monospace} />
            {message.value.body.truncated ? (
              <p className="my-2">
                <a href={messageParamsUrl(m, { full: true })}>Show the rest of this message</a>
              </p>
            ) : null}
            <AttachmentList attachments={message.value.attachments} hrefFor={downloadUrl} />
            {message.value.embedded.map((e) => (
              <ForwardedMessage key={e.section} message={e} hrefFor={downloadUrl} monospace={user.prefs.monospace} />
            ))}
          </article>
        )}
      </main>
    </>
  );
}
