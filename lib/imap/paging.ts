// Lists are paged newest first, 50 rows a page: the folder, and the results of a search.

export const PAGE_SIZE = 50;

/** The sequence range of page `page` (1 = newest) in a folder of `exists` messages. */
export function pageRange(exists: number, page: number, pageSize = PAGE_SIZE): { page: number; pageCount: number; from: number; to: number } | null {
  const pageCount = Math.max(1, Math.ceil(exists / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  if (exists === 0) return null;
  const to = exists - (p - 1) * pageSize;
  return { page: p, pageCount, from: Math.max(1, to - pageSize + 1), to };
}

