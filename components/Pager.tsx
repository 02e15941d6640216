import { folderUrl, type SearchTerms } from '@/lib/urls';

/** Previous / next links and "page X of Y"; plain links, so paging works without JavaScript. */
export function Pager({ folder, page, pageCount, search }: { folder: string; page: number; pageCount: number; search?: SearchTerms }) {
  return (
    <nav aria-label="Pages" className="my-2 flex items-center gap-4 text-sm">
      {page > 1 ? <a href={folderUrl(folder, page - 1, search)} rel="prev">Previous page</a> : <span className="text-slate-500">Previous page</span>}{' '}
      <span>
        Page {page} of {pageCount}
      </span>{' '}
      {page < pageCount ? <a href={folderUrl(folder, page + 1, search)} rel="next">Next page</a> : <span className="text-slate-500">Next page</span>}
    </nav>
  );
}
