import type { ReactNode } from 'react';

/**
 * The signed-in page's frame: the header, the folder pane at the side (on phones behind the header's "Folders"
 * link), and the main pane. Plain HTML and CSS: no JavaScript needed for any of it.
 */
export function MailLayout({ header, folders, children }: { header: ReactNode; folders?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      {header}
      <div className="mx-auto flex w-full max-w-[96rem] grow flex-col md:flex-row">
        {folders ? <div className="shrink-0 border-line md:w-(--spacing-pane) md:border-r md:p-2">{folders}</div> : null}
        <main id="main" className="min-w-0 flex-1 bg-surface md:border-r md:border-line">
          {children}
        </main>
      </div>
    </div>
  );
}
