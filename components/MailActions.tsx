import type { FolderChoice } from '@/lib/mail';
import { LABEL_CHIP_CLASS } from './ui/Badge';
import { Button } from './ui/Button';
import type { IconName } from './ui/Icon';
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
      </Button>{' '}
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

/** A label field with "Add label" and "Remove label": part of an action form (labels are IMAP keywords). */
export function LabelControl({ id }: { id: string }) {
  return (
    <span className="flex items-center gap-1 max-sm:contents">
      <label htmlFor={id} className="text-sm text-muted max-sm:sr-only">
        Label
      </label>{' '}
      <input id={id} name="label" maxLength={40} autoComplete="off" placeholder="label" className={`${INPUT_CLASS} w-24 text-sm`} />{' '}
      <Button variant="quiet" name="op" value="label" compact icon="tag">
        Add label
      </Button>{' '}
      <Button variant="quiet" name="op" value="unlabel" compact icon="untag">
        Remove label
      </Button>
    </span>
  );
}

/**
 * A message's labels, each a link to the folder's messages with it and a button that removes it, and a field to
 * add one: small forms of their own, posted to the action.
 */
export function MessageLabels({
  labels,
  action,
  folder,
  uidValidity,
  uid,
  back,
  labelUrl,
}: {
  labels: string[];
  action: (form: FormData) => Promise<void>;
  folder: string;
  uidValidity: string;
  uid: number;
  back: string;
  labelUrl: (label: string) => string;
}) {
  const fields = (
    <>
      <ActionFields folder={folder} uidValidity={uidValidity} back={back} />
      <input type="hidden" name="uid" value={uid} />
    </>
  );
  return (
    <div className="my-1 flex flex-wrap items-center gap-1 text-sm">
      {labels.length > 0 ? <span className="font-bold">Labels:</span> : null}{' '}
      {labels.map((l) => (
        <form key={l} action={action} className="inline-flex items-center">
          {fields}
          <input type="hidden" name="label" value={l} />
          <a href={labelUrl(l)} className={LABEL_CHIP_CLASS}>
            {l}
          </a>
          <button type="submit" name="op" value="unlabel" title={`Remove label ${l}`} className="cursor-pointer px-1 text-muted hover:text-ink">
            <span aria-hidden="true">×</span>
            <span className="sr-only">Remove label {l}</span>
          </button>{' '}
        </form>
      ))}
      <form action={action} className="inline-flex items-center gap-1">
        {fields}
        <label htmlFor="message-label" className="sr-only">
          New label
        </label>
        <input id="message-label" name="label" maxLength={40} autoComplete="off" placeholder="new label" className={`${INPUT_CLASS} min-h-8 w-28 text-sm`} />{' '}
        <Button variant="quiet" name="op" value="label">
          Add label
        </Button>
      </form>
    </div>
  );
}

/** The action buttons, one table for the list's toolbar and a message's: names users and outside checks rely on. */
const ACTION_BUTTONS = {
  archive: { label: 'Archive', icon: 'archive' },
  delete: { label: 'Delete', icon: 'trash' },
  read: { label: 'Mark as read', icon: 'read' },
  unread: { label: 'Mark as unread', icon: 'unread' },
  flag: { label: 'Flag', icon: 'flag' },
  unflag: { label: 'Unflag', icon: undefined },
} as const satisfies Record<string, { label: string; icon: IconName | undefined }>;

export type ActionButtonName = keyof typeof ACTION_BUTTONS;

/**
 * Buttons of an action form, in the order given (each posts its action as `op`; `data-action` is what the
 * keyboard's keys press). `flagged`: "Flag" is one toggle (aria-pressed) that unflags a flagged message.
 */
export function ActionButtons({ names, flagged }: { names: ActionButtonName[]; flagged?: boolean }) {
  return (
    <>
      {names.map((name) => {
        const { label, icon } = ACTION_BUTTONS[name];
        const toggle = name === 'flag' && flagged !== undefined;
        return (
          <span key={name} className="contents">
            <Button variant="quiet" name="op" value={toggle && flagged ? 'unflag' : name} data-action={name} icon={icon} compact aria-pressed={toggle ? flagged : undefined}>
              {label}
            </Button>{' '}
          </span>
        );
      })}
    </>
  );
}
