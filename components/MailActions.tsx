import type { FolderChoice } from '@/lib/mail';
import { Button } from './ui/Button';
import { INPUT_CLASS } from './ui/FormField';

/**
 * "Move to" (a select of the folders) with its "Move" button, and "Copy" beside it: part of an action form (the
 * list's or a message's). `current` is left out of the choices: messages are in it already.
 */
export function MoveControl({ id, folders, current }: { id: string; folders: FolderChoice[]; current: string }) {
  const choices = folders.filter((f) => f.path !== current);
  if (choices.length === 0) return null;
  return (
    <span className="flex items-center gap-1 max-sm:contents">
      <label htmlFor={id} className="text-sm text-muted max-sm:sr-only">
        Move to
      </label>{' '}
      <select id={id} name="to" defaultValue="" data-nav="move-to" className={`${INPUT_CLASS} max-w-32 text-sm sm:max-w-40`}>
        {/* No folder chosen until the user chooses one: "Move" never files into the first folder by accident. */}
        <option value="">Choose a folder…</option>
        {choices.map((f) => (
          <option key={f.path} value={f.path}>
            {f.label}
          </option>
        ))}
      </select>{' '}
      <Button variant="quiet" name="op" value="move" icon="move" compact>
        Move
      </Button>
      <Button variant="quiet" name="op" value="copy" icon="copy" compact>
        Copy
      </Button>
    </span>
  );
}

/** The hidden fields every action form carries: the folder and its UIDVALIDITY as the page saw them, and where to return. */
export function ActionFields({ folder, uidValidity, back, after }: { folder: string; uidValidity: string; back: string; after?: string }) {
  return (
    <>
      <input type="hidden" name="folder" value={folder} />
      <input type="hidden" name="uidvalidity" value={uidValidity} />
      <input type="hidden" name="back" value={back} />
      {after ? <input type="hidden" name="after" value={after} /> : null}
    </>
  );
}
