import type { MessageSummary } from '@/lib/mail';
import { formatListDate, senderName } from '@/lib/format';
import { formatBytes } from '@/lib/mime/format';
import { messageUrl, type ListContext } from '@/lib/urls';

/**
 * The message list: one table named "Messages", one row per message, the subject a link to the message. Links
 * carry the folder's UIDVALIDITY (so a link never opens another message after the server renumbered the folder)
 * and the list they came from (page, search), so the message's "Back" link returns there.
 */
export function MessageList({
  folder,
  uidValidity,
  messages,
  list,
  emptyText = 'This folder is empty.',
}: {
  folder: string;
  uidValidity: string;
  messages: MessageSummary[];
  list?: ListContext;
  emptyText?: string;
}) {
  if (messages.length === 0) return <p className="my-4">{emptyText}</p>;
  return (
    <>
      <IconSprite />
      <table aria-label="Messages" className="message-list w-full border-collapse text-sm">
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="px-1">From</th>
            <th scope="col" className="px-1">Subject</th>
            <th scope="col" className="px-1">Date</th>
            <th scope="col" className="col-size px-1 text-right">Size</th>
          </tr>
        </thead>
        <tbody>
          {messages.map((m) => (
            <tr key={m.uid} className={`border-b border-slate-200 align-top ${m.seen ? '' : 'font-bold'}`}>
              <td className="col-from px-1">{senderName(m.from)}</td>
              <td className="px-1">
                <StateMarks m={m} />
                <a href={messageUrl(folder, m.uid, { uidValidity, list })} data-nav="message">{m.subject || '(no subject)'}</a>
              </td>
              <td className="px-1 whitespace-nowrap">
                <time dateTime={m.date ?? undefined}>{formatListDate(m.date)}</time>
              </td>
              <td className="col-size px-1 text-right whitespace-nowrap">{formatBytes(m.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const MARKS: Array<[keyof MessageSummary, string, string]> = [
  ['flagged', 'i-flag', 'flagged'],
  ['answered', 'i-reply', 'answered'],
  ['hasAttachment', 'i-clip', 'attachment'],
];

/**
 * State as small icons before the subject, drawn from one inline SVG sprite (no icon font, no image requests).
 * Each icon carries its word as hidden text, so screen readers and text browsers get "attachment", not nothing.
 */
function StateMarks({ m }: { m: MessageSummary }) {
  return (
    <>
        {m.seen ? null : <span className="sr-only">Unread: </span>}
        {MARKS.filter(([key]) => m[key] === true).map(([key, icon, name]) => (
          <span key={key} className="mr-1 inline-block align-[-2px] font-normal text-slate-700">
            <svg width="14" height="14" aria-hidden="true" focusable="false">
              <use href={`#${icon}`} />
            </svg>
            <span className="sr-only">({name}) </span>
          </span>
        ))}
    </>
  );
}

/** The icons, once per page; rows refer to them with <use>. */
function IconSprite() {
  return (
    <svg width="0" height="0" aria-hidden="true" focusable="false" className="absolute">
      <symbol id="i-clip" viewBox="0 0 16 16">
        <path d="M11 4.5v6.5a3 3 0 0 1-6 0V4a2 2 0 0 1 4 0v6.5a1 1 0 0 1-2 0V5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
      </symbol>
      <symbol id="i-flag" viewBox="0 0 16 16">
        <path d="M8 1.5l1.9 4 4.3.5-3.2 3 .9 4.3L8 11.1l-3.9 2.2.9-4.3-3.2-3 4.3-.5z" fill="#b45309" />
      </symbol>
      <symbol id="i-reply" viewBox="0 0 16 16">
        <path d="M6.5 4L2.5 8l4 4M3 8h6.5a4 4 0 0 1 4 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </symbol>
    </svg>
  );
}
