import type { ReactNode } from 'react';

/**
 * The signed-in page's frame: the header, the folder pane at the side (on phones behind the header's "Folders"
 * link), and the main pane. Plain HTML and CSS: no JavaScript needed for any of it. The folder pane comes after
 * the main pane in the HTML and is drawn first (order-first): on a slow link the list or the message arrives
 * before the folder tree, and text browsers and screen readers reach the content first.
 */
export function MailLayout({ header, folders, children }: { header: ReactNode; folders?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      {header}
      <div className="mx-auto flex w-full max-w-[96rem] grow flex-col md:flex-row">
        <main id="main" className="min-w-0 flex-1 bg-surface md:border-r md:border-line">
          {children}
        </main>
        {folders ? <div className="order-first shrink-0 border-line md:w-(--spacing-pane) md:border-r md:p-2">{folders}</div> : null}
      </div>
    </div>
  );
}
