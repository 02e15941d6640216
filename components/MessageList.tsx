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
          <th scope="col" className="px-1">State</th>
          <th scope="col" className="px-1">From</th>
          <th scope="col" className="px-1">Subject</th>
          <th scope="col" className="px-1">Date</th>
          <th scope="col" className="col-size px-1 text-right">Size</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.uid} className={`border-b border-slate-200 ${m.seen ? '' : 'font-bold'}`}>
            <td className="px-1 whitespace-nowrap">
              <StateMarks m={m} />
            </td>
            <td className="px-1">{senderName(m.from)}</td>
            <td className="px-1">
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

/** State as short words, so it reads the same in a text browser and to a screen reader. */
function StateMarks({ m }: { m: MessageSummary }) {
  const marks = [m.seen ? null : 'Unread', m.flagged ? 'Flagged' : null, m.answered ? 'Answered' : null, m.hasAttachment ? 'Attachment' : null].filter(Boolean);
  return <span className="font-normal text-slate-700">{marks.length ? marks.join(', ') : '—'}</span>;
}
