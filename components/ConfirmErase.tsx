import type { EraseKind } from '@/lib/urls';
import { ActionFields } from './MailActions';
import { Button, ButtonLink } from './ui/Button';

/**
 * "Expunge…" and "Empty Trash…" land here first: what will be erased, for good, and the one button that does it
 * (a POST bounded by the folder's UIDNEXT as this page saw it), or Cancel back to the list.
 */
export function ConfirmErase({
  kind,
  folder,
  folderName,
  uidValidity,
  uidNext,
  total,
  back,
  action,
}: {
  kind: EraseKind;
  folder: string;
  folderName: string;
  uidValidity: string;
  uidNext: number;
  total: number;
  back: string;
  action: (form: FormData) => Promise<void>;
}) {
  const what =
    kind === 'empty'
      ? `Erase all ${total === 1 ? '1 message' : `${total} messages`} in ${folderName} for good?`
      : `Erase the messages marked as deleted (struck through) in ${folderName} for good?`;
  return (
    <section aria-label="Confirm" className="m-3 rounded-md border border-danger-line bg-danger-bg p-3 text-danger-text">
      <h2 className="font-semibold">{what}</h2>
      <p className="my-2 text-sm">This cannot be undone: not here, and not in any other mail program.</p>
      <form action={action} className="flex flex-wrap gap-2">
        <ActionFields folder={folder} uidValidity={uidValidity} back={back} />
        <input type="hidden" name="uidnext" value={uidNext} />
        <Button variant="primary" name="op" value={kind}>
          {kind === 'empty' ? `Empty ${folderName}` : 'Expunge'}
        </Button>
        <ButtonLink href={back} variant="secondary">
          Cancel
        </ButtonLink>
      </form>
    </section>
  );
}
