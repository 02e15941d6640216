import type { MessageSummary } from '@/lib/mail';
import { formatListDate, senderName } from '@/lib/format';
import { composeUrl, conversationUrl, folderUrl, messageUrl, type ListContext } from '@/lib/urls';
import { MessageTable, type ListRow } from './MessageTable';
import { EmptyState } from './ui/EmptyState';

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
  const compact = density === 'compact';
  const rows = messages.map((m) => listRow(m, { folder, uidValidity, list, pane, openUid, drafts, compact }));
  return <MessageTable rows={rows} label={label} compact={compact} select={select} />;
}

/** A message as its row shows it: texts and links made here, on the server (see ListRow). */
function listRow(
  m: MessageSummary,
  o: { folder: string; uidValidity: string; list?: ListContext; pane: boolean; openUid?: number; drafts: boolean; compact: boolean },
): ListRow {
  const { folder, uidValidity } = o;
  const row: ListRow = {
    uid: m.uid,
    from: senderName(m.from),
    subject: m.subject,
    href: o.drafts ? composeUrl({ uid: m.uid, uidValidity }) : messageUrl(folder, m.uid, { uidValidity, list: o.list, pane: o.pane }),
    dateText: formatListDate(m.date),
  };
  if (m.date) row.date = m.date;
  if (m.preview && !o.compact) row.preview = m.preview;
  // A conversation's row is unread while any of its messages is.
  if (m.conversation ? m.conversation.unread > 0 : !m.seen) row.unread = true;
  if (m.uid === o.openUid) row.open = true;
  if (m.deleted) row.deleted = true;
  if (m.flagged) row.flagged = true;
  if (m.answered) row.answered = true;
  if (m.forwarded) row.forwarded = true;
  if (m.hasAttachment === true) row.attachment = true;
  const c = m.conversation;
  if (c && c.count > 1) row.many = { count: c.count, unread: c.unread, uids: c.uids, href: conversationUrl(folder, m.uid, uidValidity) };
  if (m.labels?.length) row.labels = m.labels.map((name) => ({ name, href: folderUrl(folder, 1, { text: '', body: false, label: name }) }));
  return row;
}
