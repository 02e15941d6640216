/** At the top of every Basic HTML page: which view this is, and the one click back to the standard one. */
export function ViewBar({ standardHref }: { standardHref: string }) {
  return (
    <p className="flex justify-end gap-2 border-b border-line bg-surface px-4 py-1 text-sm text-muted">
      <span>Basic HTML</span>
      <span aria-hidden="true">·</span>
      <a href={standardHref} className="text-accent underline">
        Standard view
      </a>
    </p>
  );
}
