import { MAX_SEARCH_CHARS, SEARCH_URL, type SearchTerms } from '@/lib/urls';

/**
 * Search in the shown folder: a plain GET form, so it works without JavaScript and every result page is a URL.
 * The server does the searching (IMAP SEARCH); "/" focuses the field when JavaScript is on. No autocomplete:
 * on a shared lab machine the browser must not offer the last student's searches.
 */
export function SearchForm({ folder, search }: { folder: string; search?: SearchTerms }) {
  return (
    <form role="search" action={SEARCH_URL} method="get" className="my-2 flex flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="folder" value={folder} />
      <label htmlFor="search-text">Search</label>{' '}
      <input
        id="search-text"
        type="search"
        name="q"
        defaultValue={search?.text}
        maxLength={MAX_SEARCH_CHARS}
        autoComplete="off"
        data-nav="search"
        className="min-w-0 grow basis-48 rounded border border-slate-500 px-1 sm:max-w-xs"
      />{' '}
      <label className="whitespace-nowrap">
        <input type="checkbox" name="body" value="1" defaultChecked={search?.body} /> Include message text
      </label>{' '}
      <button type="submit" className="btn">
        Search
      </button>
    </form>
  );
}
