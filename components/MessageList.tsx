import type { MessageSummary } from '@/lib/mail';
import { formatListDate, senderName } from '@/lib/format';
import { composeUrl, conversationUrl, folderUrl, messageUrl, type ListContext } from '@/lib/urls';
import { LABEL_CHIP_CLASS } from './ui/Badge';
import { EmptyState } from './ui/EmptyState';
import { Icon, type IconName } from './ui/Icon';

export type Density = 'comfortable' | 'compact';

/**
 * The message list: one table named "Messages", one row per message, the subject a link to the message (the whole
 * row opens it too). Links carry the folder's UIDVALIDITY (so a link never opens another message after the server
 * renumbered the folder) and the list they came from (page, search), so the message's "Back" link returns there.
 * A table, because it is one: text browsers and screen readers read sender, subject and date as columns.
 */
export function MessageList({
  folder,
  uidValidity,
  messages,
  list,
  emptyText = 'This folder is empty.',
  density = 'comfortable',
  pane = false,
  openUid,
  select,
  drafts = false,
  label = 'Messages',
}: {
  folder: string;
  uidValidity: string;
  messages: MessageSummary[];
  list?: ListContext;
  emptyText?: string;
  density?: Density;
  /** Rows open their message in the reading pane beside the list (else on a page of its own). */
  pane?: boolean;
  /** The message open beside the list: its row is marked as the current one. */
  openUid?: number;
  /** Rows get a checkbox (name "uid") for the list's action form; `all` ticks every one ("Select all"). */
  select?: { all: boolean };
  /** The Drafts folder: a row reopens its draft on the compose page, to edit and send. */
  drafts?: boolean;
  /** The table's name: "Messages", or which messages where several lists share a page (a search of every folder). */
  label?: string;
}) {
  if (messages.length === 0) return <EmptyState title={emptyText} />;
  return (
    <div className="list-box">
      {/* The checkboxes' names are "Select:" and their row's subject, by reference: the subject is not sent twice. */}
      {select ? (
        <span id="select-word" hidden>
          Select:
        </span>
      ) : null}
      <table aria-label={label} className={`message-list w-full table-fixed border-collapse text-sm ${density === 'compact' ? 'compact' : ''}`}>
        <thead>
          <tr className="border-b border-line text-left text-xs text-muted">
            <th scope="col" className="w-[32%] py-1 pr-2 pl-7 font-medium sm:w-48">
              From
            </th>
            <th scope="col" className="py-1 pr-2 font-medium">
              Subject
            </th>
            <th scope="col" className="w-28 py-1 pr-3 text-right font-medium">
              Date
            </th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => {
            // A conversation's row is unread while any of its messages is.
            const unread = m.conversation ? m.conversation.unread > 0 : !m.seen;
            const many = m.conversation && m.conversation.count > 1 ? m.conversation : undefined;
            const open = m.uid === openUid;
            return (
              // The row's look is named classes (app/globals.css, "The message list's rows"): 50 rows of utility
              // lists were most of a list page's HTML and of its hydration data.
              <tr key={m.uid} className={`row${unread ? ' unread' : ''}${open ? ' open' : ''}`}>
                <td className="cell-from">
                  <span className="row-line">
                    {select ? (
                      // Above the row's stretched link, so a click ticks the box rather than opening the message.
                      // A conversation's box ticks all of it (its messages as a set, from the row's data).
                      <input
                        type="checkbox"
                        name={many ? 'uidset' : 'uid'}
                        value={many ? many.uids : m.uid}
                        defaultChecked={select.all}
                        aria-labelledby={`select-word s${m.uid}`}
                        className="row-check"
                      />
                    ) : null}
                    <span className="row-dot" />
                    <span className="row-name">{senderName(m.from)}</span>
                  </span>
                </td>
                <td className="cell-subject">
                  <span className="row-line">
                    {unread ? <span className="sr-only">Unread: </span> : null}
                    <StateMarks m={m} />
                    <a
                      href={drafts ? composeUrl({ uid: m.uid, uidValidity }) : messageUrl(folder, m.uid, { uidValidity, list, pane })}
                      data-nav="message"
                      aria-current={open ? 'true' : undefined}
                      id={`s${m.uid}`}
                      className={m.deleted ? 'row-link deleted' : 'row-link'}
                    >
                      {m.deleted ? <span className="sr-only">(deleted) </span> : null}
                      {m.subject || '(no subject)'}
                    </a>
                    {many ? (
                      // Above the row's stretched link: the conversation's own page; with JavaScript it unfolds here.
                      <a
                        href={conversationUrl(folder, m.uid, uidValidity)}
                        data-conversation={m.uid}
                        aria-expanded={false}
                        className="relative z-10 shrink-0 rounded-full border border-line px-1.5 text-xs text-muted hover:text-ink"
                      >
                        {many.count}
                        <span className="sr-only"> messages{many.unread > 0 ? `, ${many.unread} unread` : ''}</span>
                      </a>
                    ) : null}
                    {/* Above the row's stretched link: each label lists the folder's messages with it. */}
                    {(m.labels ?? []).map((l) => (
                      <a key={l} href={folderUrl(folder, 1, { text: '', body: false, label: l })} className={`${LABEL_CHIP_CLASS} relative z-10 shrink-0`}>
                        <span className="sr-only">(label: </span>
                        {l}
                        <span className="sr-only">)</span>
                      </a>
                    ))}
                  </span>
                  {m.preview && density !== 'compact' ? (
                    <span dir="auto" className="row-preview">
                      {m.preview}
                    </span>
                  ) : null}
                </td>
                <td className="cell-date">
                  <time dateTime={m.date ?? undefined}>{formatListDate(m.date)}</time>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const MARKS: Array<{ key: 'flagged' | 'answered' | 'forwarded' | 'hasAttachment'; icon: IconName; word: string; className: string }> = [
  { key: 'flagged', icon: 'flag', word: 'flagged', className: 'text-flag' },
  { key: 'answered', icon: 'reply', word: 'answered', className: 'text-muted' },
  { key: 'forwarded', icon: 'forward', word: 'forwarded', className: 'text-muted' },
  { key: 'hasAttachment', icon: 'clip', word: 'attachment', className: 'text-muted' },
];

/** State as small icons before the subject; each carries its word as hidden text ("(attachment) "). */
function StateMarks({ m }: { m: MessageSummary }) {
  return (
    <>
      {MARKS.filter(({ key }) => m[key] === true).map(({ key, icon, word, className }) => (
        <span key={key} className={`inline-flex shrink-0 ${className}`}>
          <Icon name={icon} size={14} label={`(${word}) `} />
        </span>
      ))}
    </>
  );
}
