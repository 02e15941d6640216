import type { MessagePage, SearchTerms } from '@/lib/mail';
import { folderUrl } from '@/lib/urls';
import { MessageList, type Density } from './MessageList';
import { Pager } from './Pager';
import { Toolbar } from './ui/Toolbar';

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/**
 * The list's toolbar (the count or the search's summary, and the pager; room for the actions on selected
 * messages) above the list, and the pager again below a long one.
 */
export function FolderContents({
  folder,
  list,
  search,
  density,
  pane,
  openUid,
}: {
  folder: string;
  list: MessagePage;
  search?: SearchTerms;
  density?: Density;
  /** Rows open messages in the reading pane; `openUid` is the one open there now. */
  pane?: boolean;
  openUid?: number;
}) {
  const pager = list.messages.length > 0 ? <Pager folder={folder} page={list.page} pageCount={list.pageCount} search={search} /> : null;
  return (
    <>
      <Toolbar label="Message list" className="min-h-10 justify-between border-b border-line px-2">
        {search ? (
          <p className="running text-sm text-muted">
            {count(list.total)} {list.total === 1 ? 'matches' : 'match'} “{search.text}” in {search.body ? 'the whole message' : 'subject, sender or recipients'}.{' '}
            <a href={folderUrl(folder)}>Clear search</a>
          </p>
        ) : (
          <p className="text-sm text-muted">{count(list.total)}</p>
        )}
        {pager}
      </Toolbar>
      <MessageList
        folder={folder}
        uidValidity={list.uidValidity}
        messages={list.messages}
        list={{ page: list.page, search }}
        emptyText={search ? 'No messages match.' : undefined}
        density={density}
        pane={pane}
        openUid={openUid}
      />
      {list.messages.length > 20 ? <div className="flex justify-end px-2 py-1">{pager}</div> : null}
    </>
  );
}
