import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ErrorNotice } from '@/components/ErrorNotice';
import { FolderContents } from '@/components/FolderContents';
import { FolderTree } from '@/components/FolderTree';
import { MailLayout } from '@/components/MailLayout';
import { SearchForm } from '@/components/SearchForm';
import { currentUser, mailboxTitle, mailboxView, requireUser } from '@/lib/mail';
import { folderUrl, mailboxParams, type SearchParams } from '@/lib/urls';

type Props = { searchParams: Promise<SearchParams> };

/** The title says where the user is: "Inbox (12 unread) — Feather", "Search: budget — Feather". */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const at = mailboxParams(await searchParams);
  const user = await currentUser();
  if (!user) return { title: 'Mail' };
  return { title: mailboxTitle(await mailboxView(user, at), at) };
}

/** A folder: the tree beside one page of the folder, or of a search in it (/mail?folder=…&page=…&q=…). */
export default async function MailPage({ searchParams }: Props) {
  const at = mailboxParams(await searchParams);
  const { folder, page, search } = at;
  const user = await requireUser(folderUrl(folder, page, search));
  const { folders, list, title } = await mailboxView(user, at);
  return (
    <MailLayout
      header={<AppHeader user={user.user} folders />}
      folders={folders.ok ? <FolderTree sections={folders.value} current={folder} /> : <ErrorNotice title="Folders could not be loaded" message={folders.message} />}
    >
      <div className="flex flex-col gap-2 border-b border-line px-3 py-2 sm:flex-row sm:items-center sm:justify-between">
        <h1 className="text-lg font-semibold">{title}</h1>
        <SearchForm folder={folder} search={search} />
      </div>
      {list.ok ? (
        <FolderContents folder={folder} list={list.value} search={search} density={user.prefs.density} />
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
    </MailLayout>
  );
}
