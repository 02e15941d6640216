import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What a pane shows when it has nothing: an icon, a sentence, and maybe a way on. */
export function EmptyState({ icon = 'mail', title, children }: { icon?: IconName; title: string; children?: ReactNode }) {
  return (
    <div className="my-10 flex flex-col items-center gap-2 text-center text-muted">
      <Icon name={icon} size={32} />
      <p className="text-base font-medium text-ink">{title}</p>
      {children ? <div className="running text-sm">{children}</div> : null}
    </div>
  );
}
