import type { FolderManagerView, ManagedFolder } from '@/lib/mail';
import { folderUrl, manageFoldersUrl } from '@/lib/urls';
import { ErrorNotice } from './ErrorNotice';
import { QuotaLine } from './QuotaLine';
import { Button, ButtonLink } from './ui/Button';
import { FormField, INPUT_CLASS } from './ui/FormField';

type Action = (form: FormData) => Promise<void>;

const count = (n: number) => `${n} ${n === 1 ? 'message' : 'messages'}`;

/**
 * "Manage folders": a form for a new folder, then every folder (subscribed or not) with what may be done to it.
 * Every change is a plain form POST; rename and delete open on this page by link (?rename=, ?delete=), so all of
 * it works without JavaScript and in text browsers.
 */
export function FolderManager({ view, action, renaming, status }: { view: FolderManagerView; action: Action; renaming?: string; status?: React.ReactNode }) {
  const { folders, quota, removal } = view;
  return (
    <main id="main" className="mx-auto w-full max-w-3xl p-4">
      <h1 className="my-2 text-xl font-semibold">Manage folders</h1>
      {status}
      {!folders.ok ? (
        <ErrorNotice title="Folders could not be loaded" message={folders.message} />
      ) : (
        <>
          {removal ? (
            removal.ok ? (
              <ConfirmDelete removal={removal.value} action={action} delimiter={folders.value.delimiter} />
            ) : (
              <ErrorNotice title="This folder cannot be deleted" message={removal.message} />
            )
          ) : null}
          <NewFolder folders={folders.value.own} delimiter={folders.value.delimiter} action={action} />
          <section aria-labelledby="your-folders" className="mt-6">
            <h2 id="your-folders" className="text-lg font-semibold">
              Your folders
            </h2>
            {quota ? <QuotaLine quota={quota} /> : null}
            <FolderRows folders={folders.value.own} action={action} renaming={renaming} delimiter={folders.value.delimiter} />
          </section>
          {folders.value.others.length > 0 ? (
            <section aria-labelledby="other-folders" className="mt-6">
              <h2 id="other-folders" className="text-lg font-semibold">
                Shared with you
              </h2>
              <FolderRows folders={folders.value.others} action={action} delimiter={folders.value.delimiter} />
            </section>
          ) : null}
        </>
      )}
    </main>
  );
}

function NewFolder({ folders, delimiter, action }: { folders: ManagedFolder[]; delimiter: string; action: Action }) {
  return (
    <section aria-labelledby="new-folder" className="mt-4 rounded-md border border-line p-3">
      <h2 id="new-folder" className="font-semibold">
        New folder
      </h2>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-3">
        <input type="hidden" name="op" value="create" />
        <input type="hidden" name="delimiter" value={delimiter} />
        <FormField label="Folder name" name="name" required maxLength={100} autoComplete="off" hint={`Any characters but “${delimiter}”, which separates a folder from the folders inside it.`} />
        <label className="flex flex-col gap-1">
          <span className="text-sm font-medium">Inside</span>
          <select name="parent" className={INPUT_CLASS}>
            <option value="">(top level)</option>
            {folders
              .filter((f) => f.parentable)
              .map((f) => (
                <option key={f.path} value={f.path}>
                  {f.label}
                </option>
              ))}
          </select>
        </label>
        <Button variant="primary">Create folder</Button>
      </form>
    </section>
  );
}

function FolderRows({ folders, action, renaming, delimiter }: { folders: ManagedFolder[]; action: Action; renaming?: string; delimiter: string }) {
  return (
    <ul className="mt-2 divide-y divide-line border-y border-line">
      {folders.map((f) => (
        <li key={f.path} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2" style={{ paddingLeft: `${f.depth * 1.25}rem` }}>
          <span className="min-w-0 flex-1">
            {f.selectable ? <a href={folderUrl(f.path)}>{f.name}</a> : <span className="text-muted">{f.name}</span>}
            {f.total !== undefined ? <span className="ml-2 text-sm text-muted"> {count(f.total)}</span> : null}
            {!f.subscribed && f.selectable ? <span className="ml-2 text-sm text-muted"> (not subscribed)</span> : null}
          </span>
          {renaming === f.path && f.changeable ? (
            <RenameForm folder={f} action={action} delimiter={delimiter} />
          ) : (
            <span className="flex flex-wrap gap-2">
              {f.selectable ? (
                <form action={action}>
                  <input type="hidden" name="op" value={f.subscribed ? 'unsubscribe' : 'subscribe'} />
                  <input type="hidden" name="folder" value={f.path} />
                  <input type="hidden" name="delimiter" value={delimiter} />
                  <Button variant="quiet">
                    {f.subscribed ? 'Unsubscribe' : 'Subscribe'}
                    <span className="sr-only"> {f.label}</span>
                  </Button>
                </form>
              ) : null}
              {f.changeable ? (
                <>
                  <ButtonLink variant="quiet" href={`${manageFoldersUrl({ rename: f.path })}#rename`}>
                    Rename<span className="sr-only"> {f.label}</span>
                  </ButtonLink>
                  <ButtonLink variant="quiet" href={manageFoldersUrl({ remove: f.path })}>
                    Delete<span className="sr-only"> {f.label}</span>
                  </ButtonLink>
                </>
              ) : null}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function RenameForm({ folder, action, delimiter }: { folder: ManagedFolder; action: Action; delimiter: string }) {
  return (
    <form id="rename" action={action} className="flex w-full flex-wrap items-end gap-2">
      <input type="hidden" name="op" value="rename" />
      <input type="hidden" name="folder" value={folder.path} />
      <input type="hidden" name="delimiter" value={delimiter} />
      <FormField id="rename-name" label={`New name for ${folder.label}`} name="name" defaultValue={folder.name} required maxLength={100} autoComplete="off" autoFocus hint="The folders inside it keep their place under the new name." />
      <Button variant="primary">Rename</Button>
      <ButtonLink variant="secondary" href={manageFoldersUrl()}>
        Cancel
      </ButtonLink>
    </form>
  );
}

function ConfirmDelete({ removal, action, delimiter }: { removal: NonNullable<FolderManagerView['removal'] & { ok: true }>['value']; action: Action; delimiter: string }) {
  const { folder, folders, messages, fingerprint } = removal;
  const inside = folders.filter((f) => f.path !== folder.path);
  return (
    <section aria-label="Confirm" className="mt-4 rounded-md border border-danger-line bg-danger-bg p-3 text-danger-text">
      <h2 className="font-semibold">Delete the folder {folder.label}?</h2>
      {messages > 0 || inside.length > 0 ? (
        <>
          <p className="my-2 text-sm">
            {messages > 0 ? `It is not empty: ${count(messages)} will be erased for good, not moved to Trash.` : 'It has no messages.'}
            {inside.length > 0 ? ` ${inside.length === 1 ? 'The folder' : `The ${inside.length} folders`} inside it will be deleted too:` : ''}
          </p>
          {inside.length > 0 ? (
            <ul className="my-2 list-disc pl-6 text-sm">
              {inside.map((f) => (
                <li key={f.path}>
                  {f.path.slice(folder.path.length + delimiter.length)} ({count(f.messages)})
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : (
        <p className="my-2 text-sm">It is empty.</p>
      )}
      <p className="my-2 text-sm">This cannot be undone: not here, and not in any other mail program.</p>
      <form action={action} className="flex flex-wrap gap-2">
        <input type="hidden" name="op" value="delete-folder" />
        <input type="hidden" name="folder" value={folder.path} />
        <input type="hidden" name="fingerprint" value={fingerprint} />
        <input type="hidden" name="delimiter" value={delimiter} />
        <Button variant="primary">Delete folder</Button>
        <ButtonLink href={manageFoldersUrl()} variant="secondary">
          Cancel
        </ButtonLink>
      </form>
    </section>
  );
}
