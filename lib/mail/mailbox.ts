import 'server-only';
// A folder page: the folder tree beside one page of the folder, or of a search in it.
import { listConversations, listFolders, listMessages, pool, searchEverywhere, searchMessages, type EverywhereResults, type FolderSection, type MailboxNode, type MessagePage } from '@/lib/imap';
import { folderUrl, isLabelOnly, type MailboxParams } from '@/lib/urls';
import { describeSearch } from '@/lib/format';
import { attempt, signInAgainIfNeeded, type Attempt } from './attempt';
import type { SignedIn } from './account';
import { oncePerRequest } from './memo';
import { quotaView, type QuotaUsage } from './folders';

export interface MailboxView {
  folders: Attempt<FolderSection[]>;
  /** The folder's page, or its search's; null for a search of every folder (`everywhere`). */
  list: Attempt<MessagePage> | null;
  /** A search of every folder: its results grouped by folder. */
  everywhere?: Attempt<EverywhereResults>;
  /** The folder's name as the tree shows it (Inbox, Sent …), or its path when the tree could not be had. */
  title: string;
  /** Its unread messages, when the tree counted them. */
  unseen?: number;
  /** The account's storage use, where the server has QUOTA. */
  quota?: QuotaUsage;
}

function findFolder(nodes: MailboxNode[], path: string): MailboxNode | undefined {
  for (const n of nodes) {
    if (n.path === path) return n;
    const found = findFolder(n.children, path);
    if (found) return found;
  }
}

/**
 * The folder tree and the page asked for, both from IMAP at once; a refused sign-in goes to the sign-in form.
 * Asked for by the page and by its title in one request, it is fetched once.
 */
export function mailboxView(user: SignedIn, at: MailboxParams): Promise<MailboxView> {
  return oncePerRequest(`mailbox:${user.sid}:${JSON.stringify(at)}`, () => fetchMailboxView(user, at));
}

async function fetchMailboxView(user: SignedIn, at: MailboxParams): Promise<MailboxView> {
  const { folder, page, order } = at;
  // A search that cannot be run is not sent; the page says why, above nothing.
  const search = at.searchProblem ? undefined : at.search;
  const everywhere = search?.everywhere;
  // The list first: its SELECT or NOOP brings the session's view of the folder up to date, so the tree's LIST-STATUS
  // that follows on the same connection counts what arrived since (the title's unread too).
  const listed = everywhere ? null : attempt(() => (search ? searchMessages(pool(), user, folder, search, page, order) : at.conversations ? listConversations(pool(), user, folder, page) : listMessages(pool(), user, folder, page, order)));
  const [list, folders, found, quota] = await Promise.all([
    listed,
    attempt(() => listFolders(pool(), user, { shown: folder })),
    everywhere && search ? attempt(() => searchEverywhere(pool(), user, search)) : undefined,
    quotaView(user),
  ]);
  signInAgainIfNeeded([folders, list, found ?? null], folderUrl(folder, page, search, order));
  const node = folders.ok ? findFolder(folders.value.flatMap((s) => s.folders), folder) : undefined;
  return { folders, list, ...(found ? { everywhere: found } : {}), title: node?.displayName ?? folder, unseen: node?.unseen, quota };
}

/** The page's title: where the user is ("Inbox (12 unread)", "Search: budget"); the layout adds " — Feather". */
export function mailboxTitle(view: MailboxView, at: MailboxParams): string {
  if (at.search && isLabelOnly(at.search)) return `Label: ${at.search.label}`;
  if (at.search) return `Search: ${at.search.text || describeSearch(at.search)}${at.search.everywhere ? ' in all folders' : ''}`;
  return view.unseen ? `${view.title} (${view.unseen} unread)` : view.title;
}

