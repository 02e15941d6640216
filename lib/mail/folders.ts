import 'server-only';
// "Manage folders": the page's view of the user's folders, and the forms it posts (create, rename, delete,
// subscribe, unsubscribe), each checked here and done on the server, then back to the page with a status line.
import { z } from 'zod';
import { accountQuota, createFolder, deleteFolder, folderContents, listFolders, pool, renameFolder, setSubscribed, subscribedOnly, type FolderContentsSummary, type FolderSection, type MailboxNode, type QuotaUsage } from '@/lib/imap';
import { FOLDER_ACTIONS, manageFoldersUrl, signInUrl, withStatus, type ActionStatus } from '@/lib/urls';
import { currentUser, type SignedIn } from './account';
import { attempt, signInAgainIfNeeded, type Attempt } from './attempt';
import { oncePerRequest } from './memo';

export type { QuotaUsage };

/** A folder as the management page lists it: its place in the tree and what may be done to it. */
export interface ManagedFolder {
  path: string;
  /** "Projects / Feather": its name with its parents'. */
  label: string;
  name: string;
  depth: number;
  selectable: boolean;
  subscribed: boolean;
  total?: number;
  /** Inbox and special-use folders keep their names; other namespaces' folders are not the user's to change. */
  changeable: boolean;
  /** New folders may be made inside it. */
  parentable: boolean;
}

export interface FolderManagerView {
  folders: Attempt<{ own: ManagedFolder[]; others: ManagedFolder[]; delimiter: string }>;
  quota?: QuotaUsage;
  /** The folder whose delete is being confirmed, and what it holds. */
  removal?: Attempt<FolderContentsSummary & { folder: ManagedFolder }>;
}

function flatten(nodes: MailboxNode[], personal: boolean, above: string[] = [], depth = 0): ManagedFolder[] {
  return nodes.flatMap((n) => {
    const names = [...above, n.displayName];
    const row: ManagedFolder = {
      path: n.path,
      label: names.join(' / '),
      name: n.displayName,
      depth,
      selectable: n.selectable,
      subscribed: n.subscribed === true,
      total: n.total,
      changeable: personal && n.selectable && !n.specialUse,
      parentable: personal && !n.noInferiors,
    };
    return [row, ...flatten(n.children, personal, names, depth + 1)];
  });
}

/** The folder pane's tree: subscribed folders, or all of them when the user asked for all. */
export function paneFolders(sections: FolderSection[], user: SignedIn, current?: string): FolderSection[] {
  return user.prefs.allFolders ? sections : subscribedOnly(sections, current);
}

/** The account's storage use, where the server has QUOTA; once per request. */
export function quotaView(user: SignedIn): Promise<QuotaUsage | undefined> {
  return oncePerRequest(`quota:${user.sid}`, async () => {
    const q = await attempt(() => accountQuota(pool(), user));
    return q.ok ? q.value : undefined;
  });
}

/** Every folder (subscribed or not), with counts; with `remove`, what deleting that folder would erase. */
export async function folderManagerView(user: SignedIn, at: { remove?: string }): Promise<FolderManagerView> {
  const [sections, quota] = await Promise.all([attempt(() => listFolders(pool(), user)), quotaView(user)]);
  signInAgainIfNeeded([sections], manageFoldersUrl());
  if (!sections.ok) return { folders: sections, quota };
  const own = flatten(sections.value.filter((s) => s.kind === 'personal').flatMap((s) => s.folders), true);
  const others = sections.value.filter((s) => s.kind !== 'personal').flatMap((s) => flatten(s.folders, false));
  const delimiter = sections.value.flatMap((s) => s.folders).find((n) => n.delimiter)?.delimiter ?? '/';
  const view: FolderManagerView = { folders: { ok: true, value: { own, others, delimiter } }, quota };
  const folder = at.remove ? own.find((f) => f.path === at.remove && f.changeable) : undefined;
  if (folder) {
    const contents = await attempt(() => folderContents(pool(), user, folder.path));
    view.removal = contents.ok ? { ok: true, value: { ...contents.value, folder } } : contents;
  }
  return view;
}

const folderForm = z.object({
  op: z.enum(FOLDER_ACTIONS),
  folder: z.string().min(1).max(1000).optional(),
  name: z.string().max(1000).optional(),
  parent: z.string().max(1000).optional(),
  fingerprint: z.string().regex(/^[0-9a-f]{1,64}$/).optional(),
});

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The folder's name as the status line says it: the last part of its path. */
function nameOf(path: string, delimiter: string | undefined): string {
  return delimiter ? path.slice(path.lastIndexOf(delimiter) + 1) : path;
}

/** Runs the folder action a form posted and answers where to go: the management page, with the status. */
export async function runFolderAction(form: FormData): Promise<string> {
  const back = manageFoldersUrl();
  const user = await currentUser();
  if (!user) return signInUrl({ next: back, error: 'expired' });
  const parsed = folderForm.safeParse({ op: text(form, 'op'), folder: text(form, 'folder'), name: form.get('name') ?? undefined, parent: text(form, 'parent'), fingerprint: text(form, 'fingerprint') });
  if (!parsed.success) return withStatus(back, { failed: 'bad-link' });
  const { op, folder, parent, fingerprint } = parsed.data;
  // Typed names are taken as typed but for the spaces around them, which no one means.
  const name = (parsed.data.name ?? '').trim().normalize('NFC');
  const delimiter = text(form, 'delimiter');
  const result = await attempt<ActionStatus>(async () => {
    switch (op) {
      case 'create':
        return { done: 'create', to: nameOf(await createFolder(pool(), user, name, parent), delimiter) };
      case 'rename':
        if (!folder) return { failed: 'bad-link' };
        return { done: 'rename', to: nameOf(await renameFolder(pool(), user, folder, name), delimiter) };
      case 'delete-folder':
        if (!folder || !fingerprint) return { failed: 'bad-link' };
        return { done: 'delete-folder', to: nameOf(folder, delimiter), n: await deleteFolder(pool(), user, folder, fingerprint) };
      case 'subscribe':
      case 'unsubscribe':
        if (!folder) return { failed: 'bad-link' };
        await setSubscribed(pool(), user, folder, op === 'subscribe');
        return { done: op, to: nameOf(folder, delimiter) };
      case 'upload':
        return { failed: 'bad-link' };
    }
  });
  signInAgainIfNeeded([result], back);
  if (result.ok) return withStatus(back, result.value);
  // A refused rename stays on its form, with the name the user typed gone but the folder still chosen.
  const again = op === 'rename' && folder ? manageFoldersUrl({ rename: folder }) : back;
  return withStatus(again, { failed: result.code, to: result.code === 'folder-name-delimiter' ? delimiter : undefined });
}
