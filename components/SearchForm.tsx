import { MAX_SEARCH_CHARS, SEARCH_URL, advancedSearchUrl, type SearchTerms } from '@/lib/urls';
import { Button } from './ui/Button';
import { Icon } from './ui/Icon';
import { INPUT_CLASS } from './ui/FormField';

/**
 * Search in the shown folder: a plain GET form, so it works without JavaScript and every result page is a URL.
 * The server does the searching (IMAP SEARCH); "/" focuses the field when JavaScript is on. No autocomplete:
 * on a shared lab machine the browser must not offer the last student's searches. The words are looked for in
 * subject, sender and recipients, and in the message text unless "Include message text" is unticked; the advanced
 * search has the other conditions.
 */
export function SearchForm({ folder, search }: { folder: string; search?: SearchTerms }) {
  return (
    <form role="search" action={SEARCH_URL} method="get" className="flex flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="folder" value={folder} />
      <label htmlFor="search-text" className="sr-only">
        Search
      </label>{' '}
      <span className="relative flex min-w-0 grow basis-48 items-center sm:max-w-md">
        <Icon name="search" className="pointer-events-none absolute left-2 text-muted" />
        <input
          id="search-text"
          type="search"
          name="q"
          defaultValue={search?.text}
          maxLength={MAX_SEARCH_CHARS}
          autoComplete="off"
          data-nav="search"
          placeholder="Search this folder"
          className={`${INPUT_CLASS} w-full pl-8`}
        />
      </span>{' '}
      <label className="flex items-center gap-1.5 whitespace-nowrap text-muted">
        <input type="checkbox" name="body" value="1" defaultChecked={search ? search.body : true} className="size-4 accent-accent" /> Include message text
      </label>{' '}
      <label className="flex items-center gap-1.5 whitespace-nowrap text-muted">
        <input type="checkbox" name="scope" value="all" defaultChecked={search?.everywhere} className="size-4 accent-accent" /> All folders
      </label>{' '}
      <Button type="submit">Search</Button>{' '}
      <span data-search-status aria-live="polite" className="text-muted" />
      <a href={advancedSearchUrl(folder, search)} className="text-link whitespace-nowrap">
        Advanced search
      </a>
    </form>
  );
}
