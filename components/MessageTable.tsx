'use client';

import { LABEL_CHIP_CLASS } from './ui/Badge';
import { Icon, type IconName } from './ui/Icon';

/**
 * One row of a message list as the table draws it: every text and link already worked out on the server (dates in
 * the server's time zone, so hydration in another one draws the same). A state is present only when true: React
 * writes an absent key as nothing, an `undefined` one as "$undefined", 50 times a page.
 */
export interface ListRow {
  uid: number;
  from: string;
  subject: string;
  href: string;
  dateText: string;
  /** ISO, for <time dateTime>. */
  date?: string;
  preview?: string;
  unread?: true;
  /** The message open beside the list. */
  open?: true;
  deleted?: true;
  flagged?: true;
  answered?: true;
  forwarded?: true;
  attachment?: true;
  /** A conversation of several messages: its size, its unread, its UIDs as a sequence set, its own page. */
  many?: { count: number; unread: number; uids: string; href: string };
  labels?: Array<{ name: string; href: string }>;
}

const MARKS: Array<{ key: 'flagged' | 'answered' | 'forwarded' | 'attachment'; icon: IconName; className: string }> = [
  { key: 'flagged', icon: 'flag', className: 'text-flag' },
  { key: 'answered', icon: 'reply', className: 'text-muted' },
  { key: 'forwarded', icon: 'forward', className: 'text-muted' },
  { key: 'attachment', icon: 'clip', className: 'text-muted' },
];

/**
 * The table of a message list (see MessageList, which makes its rows). A client component for its size, not for
 * any behaviour: the page's hydration data carries the rows' data (about 0.3 KB a row) instead of their rendered
 * elements (about 1.2 KB), which was half of a list page and much of the server's work on it.
 */
export function MessageTable({ rows, label, compact, select }: { rows: ListRow[]; label: string; compact: boolean; select?: { all: boolean } }) {
  return (
    <div className="list-box">
      {/* The checkboxes' names are "Select:" and their row's subject, by reference: the subject is not sent twice. */}
      {select ? (
        <span id="select-word" hidden>
          Select:
        </span>
      ) : null}
      <table aria-label={label} className={`message-list w-full table-fixed border-collapse text-sm ${compact ? 'compact' : ''}`}>
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
          {rows.map((r) => (
            // The row's look is named classes (app/globals.css, "The message list's rows"): 50 rows of utility
            // lists were most of a list page's HTML and of its hydration data.
            <tr key={r.uid} className={`row${r.unread ? ' unread' : ''}${r.open ? ' open' : ''}`}>
              <td className="cell-from">
                <span className="row-line">
                  {select ? (
                    // Above the row's stretched link, so a click ticks the box rather than opening the message.
                    // A conversation's box ticks all of it (its messages as a set, from the row's data).
                    <input
                      type="checkbox"
                      name={r.many ? 'uidset' : 'uid'}
                      value={r.many ? r.many.uids : r.uid}
                      defaultChecked={select.all}
                      aria-labelledby={`select-word s${r.uid}`}
                      className="row-check"
                    />
                  ) : null}
                  <span className="row-dot" />
                  <span className="row-name">{r.from}</span>
                </span>
              </td>
              <td className="cell-subject">
                <span className="row-line">
                  {r.unread ? <span className="sr-only">Unread: </span> : null}
                  {MARKS.filter(({ key }) => r[key]).map(({ key, icon, className }) => (
                    // Each mark carries its word as hidden text: "(attachment) ".
                    <span key={key} className={`inline-flex shrink-0 ${className}`}>
                      <Icon name={icon} size={14} label={`(${key}) `} />
                    </span>
                  ))}
                  <a href={r.href} data-nav="message" aria-current={r.open ? 'true' : undefined} id={`s${r.uid}`} className={r.deleted ? 'row-link deleted' : 'row-link'}>
                    {r.deleted ? <span className="sr-only">(deleted) </span> : null}
                    {r.subject || '(no subject)'}
                  </a>
                  {r.many ? (
                    // Above the row's stretched link: the conversation's own page; with JavaScript it unfolds here.
                    <a href={r.many.href} data-conversation={r.uid} aria-expanded={false} className="relative z-10 shrink-0 rounded-full border border-line px-1.5 text-xs text-muted hover:text-ink">
                      {r.many.count}
                      <span className="sr-only"> messages{r.many.unread > 0 ? `, ${r.many.unread} unread` : ''}</span>
                    </a>
                  ) : null}
                  {/* Above the row's stretched link: each label lists the folder's messages with it. */}
                  {(r.labels ?? []).map((l) => (
                    <a key={l.name} href={l.href} className={`${LABEL_CHIP_CLASS} relative z-10 shrink-0`}>
                      <span className="sr-only">(label: </span>
                      {l.name}
                      <span className="sr-only">)</span>
                    </a>
                  ))}
                </span>
                {r.preview ? (
                  <span dir="auto" className="row-preview">
                    {r.preview}
                  </span>
                ) : null}
              </td>
              <td className="cell-date">
                <time dateTime={r.date}>{r.dateText}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
