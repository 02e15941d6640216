import type { MessagePage, SearchTerms } from '@/lib/mail';
import { describeSearch, formatDay } from '@/lib/format';
import { advancedSearchUrl, folderUrl, isLabelOnly, withoutWindow } from '@/lib/urls';

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** "12,000 messages": a count of messages searched, which runs to the hundred thousands. */
function messages(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'message' : 'messages'}`;
}

/**
 * What a results page shows: how many matched what, how much of the folder was searched and, when the newest
 * messages took all the time a page has, a link that searches the older ones ("Search older messages"). A plain
 * link: it works without JavaScript, and the search goes on only as far as the user asks.
 */
export function SearchSummary({ folder, search, list }: { folder: string; search: SearchTerms; list: MessagePage }) {
  const coverage = list.coverage;
  const whole = withoutWindow(search);
  const labelOnly = isLabelOnly(search);
  return (
    <p className="running text-sm text-muted">
      {labelOnly ? (
        <>
          {count(list.total)} labelled “{search.label}”. <a href={folderUrl(folder)}>Show all</a>
        </>
      ) : (
        <>
          {count(list.total)} {list.total === 1 ? 'matches' : 'match'} {describeSearch(search)}.{' '}
          {coverage && !coverage.complete ? (
            <>
              Searched {search.below ? '' : 'the newest '}
              {messages(coverage.searched)}
              {search.below ? ' older than those before' : ''}
              {coverage.downDate ? `, back to ${formatDay(coverage.downDate)}` : ''}.{' '}
              {coverage.down ? (
                <>
                  <a href={folderUrl(folder, 1, { ...whole, below: coverage.down })}>Search older messages</a>{' '}
                </>
              ) : null}
            </>
          ) : coverage && search.below ? (
            <>Searched the rest of the folder: {messages(coverage.searched)} older than those before. </>
          ) : null}
          {search.below ? (
            <>
              <a href={folderUrl(folder, 1, whole)}>Back to the newest results</a>{' '}
            </>
          ) : null}
          <a href={advancedSearchUrl(folder, whole)}>Change search</a> <a href={folderUrl(folder)}>Clear search</a>
        </>
      )}
    </p>
  );
}
