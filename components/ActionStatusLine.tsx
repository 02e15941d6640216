import { actionStatusText } from '@/lib/mail';
import type { ActionStatus } from '@/lib/urls';
import { Notice } from './Notice';

/** The short line an action leaves on the page it returns to: what was done, or why nothing was. */
export function ActionStatusLine({ status }: { status: ActionStatus }) {
  const { kind, text } = actionStatusText(status);
  return (
    <div className="px-3 pt-2">
      <Notice kind={kind}>{text}</Notice>
    </div>
  );
}
