import 'server-only';
// A folder page: the folder tree beside one page of the folder, or of a search in it.
import { listFolders, listMessages, pool, searchMessages, type FolderSection, type MailboxNode, type MessagePage } from '@/lib/imap';
import { folderUrl, type MailboxParams } from '@/lib/urls';
import { attempt, signInAgainIfNeeded, type Attempt } from './attempt';
import type { SignedIn } from './account';

export interface MailboxView {
  folders: Attempt<FolderSection[]>;
  list: Attempt<MessagePage>;
  /** The folder's name as the tree shows it (Inbox, Sent …), or its path when the tree could not be had. */
  title: string;
}

function findFolder(nodes: MailboxNode[], path: string): MailboxNode | undefined {
  for (const n of nodes) {
    if (n.path === path) return n;
    const found = findFolder(n.children, path);
    if (found) return found;
  }
}

/** The folder tree and the page asked for, both from IMAP at once; a refused sign-in goes to the sign-in form. */
export async function mailboxView(user: SignedIn, at: MailboxParams): Promise<MailboxView> {
  const { folder, page, search } = at;
  const [folders, list] = await Promise.all([
    attempt(() => listFolders(pool(), user, { shown: folder })),
    attempt(() => (search ? searchMessages(pool(), user, folder, search, page) : listMessages(pool(), user, folder, page))),
  ]);
  signInAgainIfNeeded([folders, list], folderUrl(folder, page, search));
  const node = folders.ok ? findFolder(folders.value.flatMap((s) => s.folders), folder) : undefined;
  return { folders, list, title: node?.displayName ?? folder };
}
