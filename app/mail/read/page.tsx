import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/AppHeader';
import { AttachmentList } from '@/components/AttachmentList';
import { ErrorNotice } from '@/components/ErrorNotice';
import { HeaderFields } from '@/components/HeaderFields';
import { MessageBody } from '@/components/MessageBody';
import { AllHeaders } from '@/components/AllHeaders';
import { fetchHeaderBlock, pool } from '@/lib/imap';
import { attempt } from '@/lib/attempt';
import { parseHeaderBlock } from '@/lib/mime/decode';
import { readMessage } from '@/lib/reader';
import { requireUser } from '@/lib/session';
import { folderUrl, intParam, listContextParam, messageUrl, normalizeFolder, param, partUrl, uidValidityParam } from '@/lib/urls';
import { setTextOnly } from '../actions';

export const metadata: Metadata = { title: 'Message' };

export default async function ReadPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const folder = normalizeFolder(sp.folder) ?? 'INBOX';
  const uid = intParam(sp.uid);
  const list = listContextParam(sp);
  const uidValidity = uidValidityParam(sp.uidvalidity);
  const opts = { uidValidity, headers: param(sp.headers) === 'all', images: param(sp.images) === 'show', full: param(sp.full) === '1', list };
  const back = folderUrl(folder, list.page, list.search);
  const here = uid ? messageUrl(folder, uid, opts) : back;
  const user = await requireUser(here);
  if (!uid) redirect(back);

  const view = await attempt(() => readMessage(user, folder, uid, { preferText: user.prefs.textOnly, showImages: opts.images, full: opts.full, uidValidity }, (section, o) => partUrl(folder, uid, section, { ...o, uidValidity })));
  if (!view.ok && view.code === 'auth') redirect(`/login?error=expired&next=${encodeURIComponent(here)}`);
  const headers = opts.headers && view.ok ? await attempt(async () => parseHeaderBlock(await fetchHeaderBlock(pool(), user, folder, uid, uidValidity))) : null;

  return (
    <>
      <AppHeader user={user.user} />
      <main id="main" className="mx-auto max-w-4xl p-3">
        <p className="text-sm">
          <a href={back} data-nav="up">
            {list.search ? 'Back to search results' : `Back to ${folder === 'INBOX' ? 'Inbox' : folder}`}
          </a>
        </p>
        {!view.ok ? (
          <ErrorNotice title="This message could not be opened" message={view.message} />
        ) : (
          <article aria-labelledby="subject">
            <h1 id="subject" className="my-2 text-xl font-bold break-words">
              {view.value.detail.subject || '(no subject)'}
            </h1>
            <HeaderFields from={view.value.detail.from} to={view.value.detail.to} cc={view.value.detail.cc} date={view.value.detail.date} />
            <div className="my-2 flex flex-wrap items-center gap-4 text-sm">
              {opts.headers ? <a href={messageUrl(folder, uid, { ...opts, headers: false })}>Hide all headers</a> : <a href={messageUrl(folder, uid, { ...opts, headers: true })}>Show all headers</a>}
              <form action={setTextOnly}>
                <input type="hidden" name="back" value={here} />
                <input type="hidden" name="textOnly" value={user.prefs.textOnly ? 'off' : 'on'} />
                <button type="submit" className="btn">
                  {user.prefs.textOnly ? 'Show formatted (HTML)' : 'Text only'}
                </button>
              </form>
              {view.value.body.blockedImages > 0 ? (
                <a href={messageUrl(folder, uid, { ...opts, images: true })}>Show images ({view.value.body.blockedImages} blocked)</a>
              ) : null}
            </div>
            {headers ? headers.ok ? <AllHeaders headers={headers.value} /> : <ErrorNotice title="Headers could not be loaded" message={headers.message} /> : null}
            <MessageBody body={view.value.body} />
            {view.value.body.truncated ? (
              <p className="my-2">
                <a href={messageUrl(folder, uid, { ...opts, full: true })}>Show the rest of this message</a>
              </p>
            ) : null}
            <AttachmentList attachments={view.value.attachments} hrefFor={(a) => partUrl(folder, uid, a.section, { uidValidity })} />
            {view.value.embedded.map((e) => (
              <section key={e.section} aria-label={`Forwarded message: ${e.subject ?? '(no subject)'}`} className="my-4 border-l-4 border-slate-300 pl-3">
                <h2 className="font-bold">Forwarded message: {e.subject ?? '(no subject)'}</h2>
                <p className="text-sm">
                  {e.from ? <>From: {e.from}</> : null} {e.date ? <>— {new Date(e.date).toUTCString()}</> : null}
                </p>
                <MessageBody body={e.body} label={`Forwarded message body: ${e.subject ?? '(no subject)'}`} />
                <AttachmentList attachments={e.attachments} hrefFor={(a) => partUrl(folder, uid, a.section, { uidValidity })} label="Attachments of the forwarded message" />
              </section>
            ))}
          </article>
        )}
      </main>
    </>
  );
}
