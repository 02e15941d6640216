import type { ReactNode } from 'react';

/**
 * A row of actions for what is shown (a message, the list). Its items are buttons and button-like links; groups
 * are separated by space. Named, so a screen reader announces whose actions they are.
 */
export function Toolbar({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div role="toolbar" aria-label={label} className={`flex flex-wrap items-center gap-1 ${className ?? ''}`}>
      {children}
    </div>
  );
}

/** A group of toolbar items that belong together (e.g. Previous / Next). */
export function ToolbarGroup({ children }: { children: ReactNode }) {
  // On phones the groups dissolve into one wrapping row of icons: groups side by side would each take a line.
  return <div className="flex flex-wrap items-center gap-1 max-sm:contents [&:not(:first-child)]:ml-2">{children}</div>;
}
