import { listUrl, type ListContext } from '@/lib/urls';
import { Icon } from './ui/Icon';
import { buttonClass } from './ui/Button';

/** Previous / next links and "Page X of Y"; plain links, so paging works without JavaScript. */
export function Pager({ folder, page, pageCount, list }: { folder: string; page: number; pageCount: number; list: ListContext }) {
  const step = buttonClass('quiet', 'w-9');
  return (
    <nav aria-label="Pages" className="flex items-center gap-1 text-sm">
      {page > 1 ? (
        <a href={listUrl(folder, { ...list, page: page - 1 })} rel="prev" className={step} title="Previous page">
          <Icon name="back" label="Previous page" />
        </a>
      ) : (
        <span className={`${step} opacity-50`} aria-disabled="true">
          <Icon name="back" label="Previous page" />
        </span>
      )}{' '}
      <span className="px-1 text-muted">
        Page {page} of {pageCount}
      </span>{' '}
      {page < pageCount ? (
        <a href={listUrl(folder, { ...list, page: page + 1 })} rel="next" className={step} title="Next page">
          <Icon name="onward" label="Next page" />
        </a>
      ) : (
        <span className={`${step} opacity-50`} aria-disabled="true">
          <Icon name="onward" label="Next page" />
        </span>
      )}
    </nav>
  );
}
