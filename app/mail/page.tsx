import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AppHeader } from '@/components/AppHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FolderTree } from '@/components/FolderTree';
import { MessageList } from '@/components/MessageList';
import { Pager } from '@/components/Pager';
import { listFolders, listMessages, pool, type MailboxNode } from '@/lib/imap';
import { attempt } from '@/lib/attempt';
import { requireUser } from '@/lib/session';
import { folderUrl, intParam, normalizeFolder } from '@/lib/urls';

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
  const user = await requireUser(folderUrl(folder, page));
  const [folders, list] = await Promise.all([attempt(() => listFolders(pool(), user)), attempt(() => listMessages(pool(), user, folder, page))]);
  if ((!folders.ok && folders.code === 'auth') || (!list.ok && list.code === 'auth')) redirect(`/login?error=expired&next=${encodeURIComponent(folderUrl(folder, page))}`);
  const node = folders.ok ? findFolder(folders.value, folder) : undefined;
  const title = node?.displayName ?? folder;
  return (
    <>
      <AppHeader user={user.user} />
      <div className="flex flex-col gap-4 p-3 md:flex-row">
        <div className="md:w-56 md:shrink-0">{folders.ok ? <FolderTree folders={folders.value} current={folder} /> : <ErrorNotice title="Folders could not be loaded" message={folders.message} />}</div>
        <main id="main" className="min-w-0 flex-1">
          <h1 className="text-xl font-bold">{title}</h1>
          {list.ok ? (
            <>
              <p className="text-sm text-slate-700">
                {list.value.total} {list.value.total === 1 ? 'message' : 'messages'}
              </p>
              <Pager folder={folder} page={list.value.page} pageCount={list.value.pageCount} />
              <MessageList folder={folder} messages={list.value.messages} />
              {list.value.messages.length > 0 ? <Pager folder={folder} page={list.value.page} pageCount={list.value.pageCount} /> : null}
            </>
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
