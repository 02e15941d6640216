import { actionStatusText } from '@/lib/mail';
import type { ActionStatus } from '@/lib/urls';
import { Notice } from './Notice';
import { Button } from './ui/Button';

/**
 * The short line an action leaves on the page it returns to: what was done, or why nothing was; after a move
 * (archive, delete to the Trash), an "Undo" button that moves the messages back by the UIDs the server gave them.
 */
export function ActionStatusLine({ status, action, back }: { status: ActionStatus; action: (form: FormData) => Promise<void>; back: string }) {
  const { kind, text } = actionStatusText(status);
  const undo = kind === 'done' ? status.undo : undefined;
  return (
    <div className="flex flex-wrap items-center gap-2 px-3 pt-2">
      <Notice kind={kind}>{text}</Notice>
      {undo ? (
        <form action={action}>
          <input type="hidden" name="op" value="undo" />
          <input type="hidden" name="folder" value={undo.folder} />
          <input type="hidden" name="uidvalidity" value={undo.uidValidity} />
          <input type="hidden" name="uidset" value={undo.uids} />
          <input type="hidden" name="to" value={undo.to} />
          <input type="hidden" name="back" value={back} />
          <Button variant="secondary">Undo</Button>
        </form>
      ) : null}
    </div>
  );
}
