import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/AppHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FolderTree } from '@/components/FolderTree';
import { MessageList } from '@/components/MessageList';
import { Pager } from '@/components/Pager';
import { SearchForm } from '@/components/SearchForm';
import { listFolders, listMessages, pool, searchMessages, type MailboxNode, type MessagePage } from '@/lib/imap';
import { attempt } from '@/lib/attempt';
import { requireUser } from '@/lib/session';
import { folderUrl, intParam, normalizeFolder, searchParam, type SearchTerms } from '@/lib/urls';

export const metadata: Metadata = { title: 'Mail' };

function findFolder(nodes: MailboxNode[], path: string): MailboxNode | undefined {
  for (const n of nodes) {
    if (n.path === path) return n;
    const found = findFolder(n.children, path);
    if (found) return found;
  }
}

export default async function MailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const folder = normalizeFolder(sp.folder) ?? 'INBOX';
  const page = intParam(sp.page) ?? 1;
  const search = searchParam(sp);
  const here = folderUrl(folder, page, search);
  const user = await requireUser(here);
  const [folders, list] = await Promise.all([
    attempt(() => listFolders(pool(), user)),
    attempt(() => (search ? searchMessages(pool(), user, folder, search, page) : listMessages(pool(), user, folder, page))),
  ]);
  if ((!folders.ok && folders.code === 'auth') || (!list.ok && list.code === 'auth')) redirect(`/login?error=expired&next=${encodeURIComponent(here)}`);
  const node = folders.ok ? findFolder(folders.value, folder) : undefined;
  const title = node?.displayName ?? folder;
  return (
    <>
      <AppHeader user={user.user} />
      <div className="flex flex-col gap-4 p-3 md:flex-row">
        <div className="md:w-56 md:shrink-0">{folders.ok ? <FolderTree folders={folders.value} current={folder} /> : <ErrorNotice title="Folders could not be loaded" message={folders.message} />}</div>
        <main id="main" className="min-w-0 flex-1">
          <h1 className="text-xl font-bold">{title}</h1>
          <SearchForm folder={folder} search={search} />
          {list.ok ? (
            <MessagesOfPage folder={folder} list={list.value} search={search} />
          ) : search && list.code !== 'no-folder' ? (
            <ErrorNotice title="The search could not be done" message={list.message}>
              {list.code === 'timeout' && search.body ? <p>Searching the message text of a large folder can take long. Try again without “Include message text”.</p> : null}
              <p>
                <a href={folderUrl(folder)}>Clear search</a>
              </p>
            </ErrorNotice>
          ) : (
            <ErrorNotice title="This folder could not be opened" message={list.message}>
              <p>
                <a href={folderUrl('INBOX')}>Go to Inbox</a>
              </p>
            </ErrorNotice>
          )}
        </main>
      </div>
    </>
  );
}

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** The count line, pagers and the list, for a folder page or a page of search results. */
function MessagesOfPage({ folder, list, search }: { folder: string; list: MessagePage; search?: SearchTerms }) {
  return (
    <>
      {search ? (
        <p className="text-sm text-slate-700">
          {count(list.total)} {list.total === 1 ? 'matches' : 'match'} “{search.text}” in {search.body ? 'the whole message' : 'subject, sender or recipients'}.{' '}
          <a href={folderUrl(folder)}>Clear search</a>
        </p>
      ) : (
        <p className="text-sm text-slate-700">{count(list.total)}</p>
      )}
      {list.messages.length > 0 ? <Pager folder={folder} page={list.page} pageCount={list.pageCount} search={search} /> : null}
      <MessageList folder={folder} uidValidity={list.uidValidity} messages={list.messages} list={{ page: list.page, search }} emptyText={search ? 'No messages match.' : undefined} />
      {list.messages.length > 0 ? <Pager folder={folder} page={list.page} pageCount={list.pageCount} search={search} /> : null}
    </>
  );
}
