import type { MessageSummary } from '@/lib/imap/types';
import { formatListDate, senderName } from '@/lib/format';
import { formatBytes } from '@/lib/mime/format';
import { messageUrl } from '@/lib/urls';

/** The message list: one table named "Messages", one row per message, the subject a link to the message. */
export function MessageList({ folder, messages }: { folder: string; messages: MessageSummary[] }) {
  if (messages.length === 0) return <p className="my-4">This folder is empty.</p>;
  return (
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
              <a href={messageUrl(folder, m.uid)}>{m.subject || '(no subject)'}</a>
            </td>
            <td className="px-1 whitespace-nowrap">
              <time dateTime={m.date ?? undefined}>{formatListDate(m.date)}</time>
            </td>
            <td className="col-size px-1 text-right whitespace-nowrap">{formatBytes(m.size)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const MARKS: Array<[keyof MessageSummary, string, string]> = [
  ['flagged', '★', 'Flagged'],
  ['answered', '↩', 'Answered'],
  ['hasAttachment', '📎', 'Has attachment'],
];

/**
 * State as small marks before the subject. Each mark is an image with a text name, so a screen reader says
 * "Flagged" rather than "black star"; "Unread" is said in words too, since bold alone is not heard.
 */
function StateMarks({ m }: { m: MessageSummary }) {
  return (
    <>
      {m.seen ? null : <span className="mark-unread">Unread: </span>}
      {MARKS.filter(([key]) => m[key] === true).map(([key, symbol, name]) => (
        <span key={key} role="img" aria-label={name} title={name} className="mr-1 font-normal">
          {symbol}
        </span>
      ))}
    </>
  );
}
