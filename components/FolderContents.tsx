import type { MessagePage, SearchTerms } from '@/lib/mail';
import { folderUrl } from '@/lib/urls';
import { MessageList } from './MessageList';
import { Pager } from './Pager';

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** The count line, pagers and the list, for a folder page or a page of search results. */
export function FolderContents({ folder, list, search }: { folder: string; list: MessagePage; search?: SearchTerms }) {
  const pager = list.messages.length > 0 ? <Pager folder={folder} page={list.page} pageCount={list.pageCount} search={search} /> : null;
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
      {pager}
      <MessageList folder={folder} uidValidity={list.uidValidity} messages={list.messages} list={{ page: list.page, search }} emptyText={search ? 'No messages match.' : undefined} />
      {pager}
    </>
  );
}
