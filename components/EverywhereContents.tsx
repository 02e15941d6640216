import type { EverywhereResults, SearchTerms } from '@/lib/mail';
import { describeSearch } from '@/lib/format';
import { advancedSearchUrl, folderUrl, withoutWindow } from '@/lib/urls';
import { MessageList } from './MessageList';
import { EmptyState } from './ui/EmptyState';

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/**
 * A search of every folder: a group per folder with matches (its name, how many, its newest few), each with the
 * link to that folder's own search, which pages through all of them. Folders the time did not reach are named,
 * each a link to search it.
 */
export function EverywhereContents({ search, results, back }: { search: SearchTerms; results: EverywhereResults; back: string }) {
  // The same search in one folder: where each group's link goes.
  const inOne: SearchTerms = { ...withoutWindow(search), everywhere: undefined };
  const matches = results.groups.reduce((n, g) => n + g.total, 0);
  return (
    <>
      <p className="running border-b border-line px-3 py-2 text-sm text-muted">
        {count(matches)} {matches === 1 ? 'matches' : 'match'} {describeSearch(search)} in {results.groups.length} of {results.searched} folders searched.{' '}
        {results.notSearched.length > 0 ? `${results.notSearched.length} more not searched: the time for one page ran out. ` : ''}
        <a href={advancedSearchUrl(back, search)}>Change search</a> <a href={folderUrl(back)}>Clear search</a>
      </p>
      {results.groups.length === 0 ? <EmptyState title="No messages match." /> : null}
      {results.groups.map((g) => (
        <section key={g.folder} aria-labelledby={`in-${encodeURIComponent(g.folder)}`} className="border-b border-line">
          <h2 id={`in-${encodeURIComponent(g.folder)}`} className="flex flex-wrap items-baseline gap-x-3 px-3 pt-3 pb-1 text-base font-semibold">
            {g.name}
            <span className="text-sm font-normal text-muted">
              {count(g.total)}
              {g.coverage.complete ? '' : ' in its newest messages'}
            </span>
            {g.total > g.messages.length || !g.coverage.complete ? (
              <a href={folderUrl(g.folder, 1, inOne)} className="text-sm font-normal">
                All in {g.name}
              </a>
            ) : null}
          </h2>
          <MessageList folder={g.folder} uidValidity={g.uidValidity} messages={g.messages} list={{ search: inOne }} label={`Messages in ${g.name}`} />
        </section>
      ))}
      {results.notSearched.length > 0 ? (
        <section className="px-3 py-2 text-sm">
          <h2 className="font-semibold">Not searched</h2>
          <ul className="mt-1 flex flex-wrap gap-x-4">
            {results.notSearched.map((f) => (
              <li key={f.folder}>
                <a href={folderUrl(f.folder, 1, inOne)}>Search {f.name}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
