import type { SearchTerms, SortOrder } from '@/lib/urls';
import { SEARCH_URL, SORT_CHOICES, defaultDescending, searchQuery } from '@/lib/urls';
import { Button } from './ui/Button';
import { INPUT_CLASS } from './ui/FormField';

/**
 * "Sort by": the list's order, asked of the server (IMAP SORT). A plain GET form to the same list (its search kept
 * as hidden fields), so it works without JavaScript and every order is a URL (`&sort=subject`); with JavaScript a
 * change of either menu sends it (a new key in its usual direction: names from A, dates newest first).
 */
export function SortForm({ folder, search, order }: { folder: string; search?: SearchTerms; order: SortOrder }) {
  const kept = search ? [...new URLSearchParams(searchQuery(search))] : [];
  return (
    <form action={SEARCH_URL} method="get" data-autosubmit className="flex flex-wrap items-center gap-2 text-sm">
      <input type="hidden" name="folder" value={folder} />
      {kept.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label htmlFor="sort-key" className="text-muted">
        Sort by
      </label>{' '}
      <select id="sort-key" name="sort" defaultValue={order.key} className={INPUT_CLASS}>
        {SORT_CHOICES.map((c) => (
          <option key={c.key} value={c.key} data-descending={defaultDescending(c.key) ? 'desc' : 'asc'}>
            {c.label}
          </option>
        ))}
      </select>{' '}
      <label htmlFor="sort-order" className="sr-only">
        Order
      </label>
      <select id="sort-order" name="order" defaultValue={order.descending ? 'desc' : 'asc'} className={INPUT_CLASS}>
        <option value="desc">Descending</option>
        <option value="asc">Ascending</option>
      </select>{' '}
      <Button type="submit" variant="secondary">
        Sort
      </Button>
    </form>
  );
}
