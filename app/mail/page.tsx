import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FolderContents } from '@/components/FolderContents';
import { FolderTree } from '@/components/FolderTree';
import { SearchForm } from '@/components/SearchForm';
import { mailboxView, requireUser } from '@/lib/mail';
import { folderUrl, mailboxParams, type SearchParams } from '@/lib/urls';

export const metadata: Metadata = { title: 'Mail' };

/** A folder: the tree beside one page of the folder, or of a search in it (/mail?folder=…&page=…&q=…). */
export default async function MailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const at = mailboxParams(await searchParams);
  const { folder, page, search } = at;
  const user = await requireUser(folderUrl(folder, page, search));
  const { folders, list, title } = await mailboxView(user, at);
  return (
    <>
      <AppHeader user={user.user} />
      <div className="flex flex-col gap-4 p-3 md:flex-row">
        <div className="md:w-56 md:shrink-0">{folders.ok ? <FolderTree sections={folders.value} current={folder} /> : <ErrorNotice title="Folders could not be loaded" message={folders.message} />}</div>
        <main id="main" className="min-w-0 flex-1">
          <h1 className="text-xl font-bold">{title}</h1>
          <SearchForm folder={folder} search={search} />
          {list.ok ? (
            <FolderContents folder={folder} list={list.value} search={search} />
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
