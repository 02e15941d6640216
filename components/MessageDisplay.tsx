import type { Attempt, FolderChoice, MessageView } from '@/lib/mail';
import { folderUrl, messageParamsUrl, messageUrl, partUrl, rawMessageUrl, replyUrl, type MessageParams } from '@/lib/urls';
import { AllHeaders } from './AllHeaders';
import { AttachmentList } from './AttachmentList';
import { ErrorNotice } from './ErrorNotice';
import { ForwardedMessage } from './ForwardedMessage';
import { HeaderFields } from './HeaderFields';
import { ActionButtons, ActionFields, MessageLabels, MoveControl } from './MailActions';
import { MessageBody } from './MessageBody';
import { Button, ButtonLink } from './ui/Button';
import { Toolbar, ToolbarGroup } from './ui/Toolbar';

/**
 * An open message: its toolbar (Back, Previous message / Next message in the order of the list it was opened from,
 * headers, Text only, images), then subject, people, date, body, attachments and forwarded messages. The same on a
 * page of its own and in the reading pane beside the list; `m.pane` says which, and every link stays there.
 */
export function MessageDisplay({
  m,
  message,
  prefs,
  setPreferences,
  mailAction,
  folders,
}: {
  m: MessageParams & { uid: number };
  message: Attempt<MessageView>;
  prefs: { textOnly: boolean; monospace: boolean };
  setPreferences: (form: FormData) => Promise<void>;
  /** The server action of the message's buttons (Archive, Delete, Mark as unread, Flag, Move). */
  mailAction: (form: FormData) => Promise<void>;
  /** The folders "Move to" offers. */
  folders: FolderChoice[];
}) {
  const { folder, uid, uidValidity, list, pane } = m;
  const place = message.ok ? message.value.place : undefined;
  const flagged = message.ok && message.value.detail.flags.includes('\\Flagged');
  // Back to the page the message is on now (Previous/Next may have moved past the page it was opened from).
  const back = folderUrl(folder, place?.page ?? list.page, list.search, list.order);
  const backLabel = list.search ? 'Back to search results' : `Back to ${message.ok ? message.value.detail.folderName : folder === 'INBOX' ? 'Inbox' : folder}`;
  const here = messageParamsUrl(m);
  const beside = (to: { uid: number; page: number }) => messageUrl(folder, to.uid, { uidValidity, pane, list: { page: to.page, search: list.search, order: list.order } });
  const downloadUrl = (a: { section: string }) => partUrl(folder, uid, a.section, { uidValidity });

  return (
    <>
      <Toolbar label="Message" className="sticky top-0 z-10 min-h-11 border-b border-line bg-surface px-2">
        <ToolbarGroup>
          <ButtonLink href={back} data-nav="up" icon="back" variant="quiet" compact>
            {backLabel}
          </ButtonLink>
        </ToolbarGroup>
        {place?.previous || place?.next ? (
          <ToolbarGroup>
            {place.previous ? (
              <ButtonLink href={beside(place.previous)} data-nav="previous" icon="prev" variant="quiet" compact rel="prev">
                Previous message
              </ButtonLink>
            ) : null}{' '}
            {place.next ? (
              <ButtonLink href={beside(place.next)} data-nav="next" icon="next" variant="quiet" compact rel="next">
                Next message
              </ButtonLink>
            ) : null}
          </ToolbarGroup>
        ) : null}
        {message.ok ? (
          // On a phone the toolbar would wrap to a third row: there the same links come after the message.
          <div className="flex items-center gap-1 max-sm:hidden">
            <ReplyLinks folder={folder} uid={uid} uidValidity={uidValidity} />
          </div>
        ) : null}
        {message.ok && message.value.detail.uidValidity ? (
          <form action={mailAction} className="flex flex-wrap items-center gap-1 max-sm:contents [&:not(:first-child)]:ml-2">
            {/* After Archive, Delete or Move the message is gone from here: on to the next one, or the list. After
                "Mark as unread", the list (showing the message again would mark it read). */}
            <ActionFields folder={folder} uidValidity={message.value.detail.uidValidity} back={here} after={place?.next ? beside(place.next) : back} />
            <input type="hidden" name="up" value={back} />
            <input type="hidden" name="uid" value={uid} />
            <ActionButtons names={['archive', 'delete', 'unread', 'flag']} flagged={flagged} />
            <MoveControl id="message-move-to" folders={folders} current={folder} />
          </form>
        ) : null}
        {message.ok ? (
          <ToolbarGroup>
            <ButtonLink href={messageParamsUrl(m, { headers: !m.headers })} icon="headers" variant="quiet" compact>
              {m.headers ? 'Hide all headers' : 'Show all headers'}
            </ButtonLink>
            <form action={setPreferences}>
              <input type="hidden" name="back" value={here} />
              <input type="hidden" name="textOnly" value={prefs.textOnly ? 'off' : 'on'} />
              <Button variant="quiet" icon="text" compact>
                {prefs.textOnly ? 'Show formatted (HTML)' : 'Text only'}
              </Button>
            </form>
            {message.value.body.blockedImages > 0 ? (
              <ButtonLink href={messageParamsUrl(m, { images: true })} icon="image" variant="quiet" compact>
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
            {message.value.detail.uidValidity ? (
              <MessageLabels
                labels={message.value.detail.labels}
                action={mailAction}
                folder={folder}
                uidValidity={message.value.detail.uidValidity}
                uid={uid}
                back={here}
                labelUrl={(l) => folderUrl(folder, 1, { text: '', body: false, label: l })}
              />
            ) : null}
            <p className="running my-1 text-sm">
              <a href={rawMessageUrl(folder, uid, { uidValidity })} download>
                Download as .eml
              </a>{' '}
              · <a href={rawMessageUrl(folder, uid, { uidValidity, source: true })}>View source</a>{' '}
              · <a href={replyUrl(folder, uid, 'attach', uidValidity)}>Forward as attachment</a>
            </p>
            {message.value.headers ? <AllHeaders headers={message.value.headers} /> : null}
            <MessageBody body={message.value.body} monospace={prefs.monospace} />
            {message.value.body.truncated ? (
              <p className="running my-2">
                <a href={messageParamsUrl(m, { full: true })}>Show the rest of this message</a>
              </p>
            ) : null}
            <AttachmentList attachments={message.value.attachments} hrefFor={downloadUrl} />
            {message.value.embedded.map((e) => (
              <ForwardedMessage key={e.section} message={e} hrefFor={downloadUrl} monospace={prefs.monospace} />
            ))}
            <div className="mt-4 flex flex-wrap gap-2 sm:hidden">
              <ReplyLinks folder={folder} uid={uid} uidValidity={uidValidity} />
            </div>
          </article>
        )}
      </div>
    </>
  );
}

/** "Reply", "Reply all" and "Forward": links to the compose page answering this message. */
function ReplyLinks({ folder, uid, uidValidity }: { folder: string; uid: number; uidValidity?: string }) {
  return (
    <>
      <ButtonLink href={replyUrl(folder, uid, 'reply', uidValidity)} icon="reply" variant="quiet">
        Reply
      </ButtonLink>{' '}
      <ButtonLink href={replyUrl(folder, uid, 'all', uidValidity)} icon="reply" variant="quiet">
        Reply all
      </ButtonLink>{' '}
      <ButtonLink href={replyUrl(folder, uid, 'forward', uidValidity)} icon="forward" variant="quiet">
        Forward
      </ButtonLink>
    </>
  );
}
