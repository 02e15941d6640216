import 'server-only';
// The actions on messages (read/unread, flag, archive, delete, move, copy), as the list's toolbar and the message
// view post them: the form is checked, the action runs on the server by UID, and the answer is where to go with a
// status line (post/redirect/get). Nothing here trusts the form beyond what it checks.
import { z } from 'zod';
import { isMailErrorCode, userMessage } from '@/lib/errors';
import { choicesOf, copyMessages, eraseMessages, folderChoices, moveMessages, parseSequenceSet, pool, sequenceSet, setFlag, setLabel, type ActionResult, type FolderChoice, type FolderSection, type MoveResult, type Selection } from '@/lib/imap';
import { MAIL_ACTIONS, labelParam, safeReturnPath, searchFromQuery, signInUrl, uidValidityParam, withStatus, type ActionStatus, type MailActionName } from '@/lib/urls';
import { statusWords } from '@/lib/smtp';
import { currentUser, type SignedIn } from './account';
import { attempt, signInAgainIfNeeded } from './attempt';

export type { FolderChoice };

/** The folders the "Move to" select offers, from a folder tree the page has already. */
export function moveTargets(sections: FolderSection[]): FolderChoice[] {
  return choicesOf(sections).folders;
}

/** The user's Trash in a folder tree the page has, if there is one. */
export function trashOf(sections: FolderSection[]): string | undefined {
  return choicesOf(sections).roles.trash;
}

/** The user's Drafts in a folder tree the page has, if there is one. */
export function draftsOf(sections: FolderSection[]): string | undefined {
  return choicesOf(sections).roles.drafts;
}

/** The same for a page without the tree (a message of its own): one LIST; none when it fails (no select shown). */
export async function moveTargetsOf(user: SignedIn): Promise<FolderChoice[]> {
  const r = await attempt(() => folderChoices(pool(), user));
  return r.ok ? r.value.folders : [];
}

/** More UIDs than this in one post are refused: a page shows 50; it bounds the commands a post can cause. */
const MAX_SELECTED = 1000;

const actionForm = z.object({
  op: z.enum(MAIL_ACTIONS),
  folder: z.string().min(1).max(1000),
  uidvalidity: z.string().refine((v) => uidValidityParam(v) !== undefined),
  uids: z.array(z.coerce.number().int().min(1).max(0xffff_ffff)).max(MAX_SELECTED),
  /**
   * Messages named as sequence sets: the undo form's (their new UIDs, from the server's COPYUID), and a ticked
   * conversation's (all its messages) in the conversation view.
   */
  uidsets: z.array(z.string().regex(/^[\d:,]{1,4000}$/)).max(MAX_SELECTED),
  to: z.string().min(1).max(1000).optional(),
});

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * Runs the action a form posted and answers the URL to go to: `back` (the list page, or the message) with the
 * status, or `after` (where a message view goes once its message left the folder: the next message, or the list).
 */
export async function runMailAction(form: FormData): Promise<string> {
  const back = safeReturnPath(text(form, 'back'));
  const user = await currentUser();
  if (!user) return signInUrl({ next: back, error: 'expired' });
  // The one "Move" button goes with the "Move to" select; any other button names its action itself.
  const parsed = actionForm.safeParse({
    op: text(form, 'op'),
    folder: text(form, 'folder'),
    uidvalidity: text(form, 'uidvalidity'),
    uids: form.getAll('uid').filter((v) => typeof v === 'string' && v !== ''),
    to: text(form, 'to'),
    uidsets: form.getAll('uidset').filter((v) => typeof v === 'string' && v !== ''),
  });
  if (!parsed.success) return withStatus(back, { failed: 'bad-link' });
  const { op, folder, uidvalidity, to, uidsets } = parsed.data;
  if (op === 'expunge' || op === 'empty') {
    // A whole folder, bounded by the UIDNEXT the confirming page saw: what arrived since is not erased unseen.
    const uidNext = Number(text(form, 'uidnext'));
    if (!Number.isInteger(uidNext) || uidNext < 1) return withStatus(back, { failed: 'bad-link' });
    const erased = await attempt(() => eraseMessages(pool(), user, folder, uidvalidity, uidNext, op === 'empty' ? 'all' : 'deleted'));
    signInAgainIfNeeded([erased], back);
    return withStatus(back, erased.ok ? { done: op, n: erased.value.done } : { failed: erased.code });
  }
  const uids = [...parsed.data.uids, ...uidsets.flatMap(expandSet)];
  if (uids.length > MAX_SELECTED) return withStatus(back, { failed: 'bad-link' });
  // Enter pressed in the list's form: the label field's, if it holds a label; else nothing is done.
  if (op === 'enter' && !text(form, 'label')) return back;
  const sel: Selection = { folder, uidValidity: uidvalidity, uids };
  // "Select all N": the server finds them, below the UIDNEXT the page saw (of its search, if it had one).
  const uidNext = Number(text(form, 'uidnext'));
  if (text(form, 'every') === '1' && Number.isInteger(uidNext) && uidNext >= 1) {
    sel.every = { uidNext, search: searchFromQuery(text(form, 'search') ?? '') };
  } else if (uids.length === 0) return withStatus(back, { failed: 'nothing-selected' });
  const result = await attempt(() => act(user, op, sel, to, text(form, 'label')));
  signInAgainIfNeeded([result], back);
  if (!result.ok) return withStatus(back, { failed: result.code });
  const { status, left } = result.value;
  // A message that left the folder (moved, archived, to Trash) is not there to come back to; one marked unread on
  // its own view goes up to the list (showing it again would mark it read).
  const after = left ? safeReturnPath(text(form, 'after') ?? back) : op === 'unread' && text(form, 'up') ? safeReturnPath(text(form, 'up')) : back;
  return withStatus(after, status);
}

async function act(user: SignedIn, op: MailActionName, sel: Selection, to: string | undefined, labelText: string | undefined): Promise<{ status: ActionStatus; left: boolean }> {
  const counted = (r: ActionResult, done: ActionStatus['done'], extra: Partial<ActionStatus> = {}) => ({ done, n: r.done, missing: r.missing, ...extra });
  switch (op) {
    case 'read':
    case 'unread':
      return { status: counted(await setFlag(pool(), user, sel, '\\Seen', op === 'read'), op), left: false };
    case 'flag':
    case 'unflag':
      return { status: counted(await setFlag(pool(), user, sel, '\\Flagged', op === 'flag'), op), left: false };
    case 'enter':
    case 'label':
    case 'unlabel': {
      const label = labelParam(labelText);
      if (!label) return { status: { failed: 'bad-label' }, left: false };
      return { status: counted(await setLabel(pool(), user, sel, label, op !== 'unlabel'), op === 'unlabel' ? 'unlabel' : 'label', { to: label }), left: false };
    }
    case 'undo':
    case 'move':
    case 'copy': {
      if (!to) return { status: { failed: 'no-target' }, left: false };
      const { folders } = await folderChoices(pool(), user);
      const target = folders.find((f) => f.path === to);
      if (!target) return { status: { failed: 'no-folder' }, left: false };
      if (target.path === sel.folder) return { status: { failed: 'same-folder' }, left: false };
      const r = op === 'copy' ? await copyMessages(pool(), user, sel, target.path) : await moveMessages(pool(), user, sel, target.path);
      if (r.leftDeleted) return { status: counted(r, 'move-mark', { to: target.label }), left: false };
      return { status: counted(r, op, { to: target.label, undo: op === 'move' ? undoOf(r, sel) : undefined }), left: op !== 'copy' && r.done > 0 };
    }
    case 'expunge':
    case 'empty':
      // Handled before act(): they name a folder, not messages.
      return { status: { failed: 'bad-link' }, left: false };
    case 'archive':
    case 'delete': {
      const { folders, roles } = await folderChoices(pool(), user);
      const role = op === 'archive' ? roles.archive : roles.trash;
      if (op === 'archive' && !role) return { status: { failed: 'no-archive' }, left: false };
      // In the Trash, or with no Trash at all: marked \Deleted (struck through) until the user expunges.
      if (!role || role === sel.folder) return { status: counted(await setFlag(pool(), user, sel, '\\Deleted', true), 'delete-mark'), left: false };
      const r = await moveMessages(pool(), user, sel, role);
      if (r.leftDeleted) return { status: counted(r, 'move-mark', { to: folders.find((f) => f.path === role)?.label }), left: false };
      return { status: counted(r, op, { to: folders.find((f) => f.path === role)?.label, undo: undoOf(r, sel) }), left: r.done > 0 };
    }
  }
}

/** How to move them back: where they are now (the UIDs the server reported), and where they came from. */
function undoOf(r: MoveResult, sel: Selection): ActionStatus['undo'] {
  // More than one post may name is not undone in one step (a "select all" of a large folder).
  if (!r.destination || r.leftDeleted || r.destination.uids.length > MAX_SELECTED) return undefined;
  return { folder: r.to, uidValidity: r.destination.uidValidity, uids: sequenceSet(r.destination.uids), to: sel.folder };
}

/** The UIDs of a sequence set, at most MAX_SELECTED + 1 of them (more is refused anyway). */
function expandSet(set: string): number[] {
  const out: number[] = [];
  for (const [a, b] of parseSequenceSet(set)) for (let u = a; u <= b && out.length <= MAX_SELECTED; u++) out.push(u);
  return out;
}

function count(n: number): string {
  return `${n} ${n === 1 ? 'message' : 'messages'}`;
}

/** The status line for what a URL says was done, or why it failed: the one place its words are made. */
export function actionStatusText(s: ActionStatus): { kind: 'done' | 'error'; text: string } {
  if ((s.failed === 'bad-address' || s.failed === 'recipient-refused') && s.to) return { kind: 'error', text: `${userMessage(s.failed)} (${s.to})` };
  if (s.failed === 'smtp-refused' && s.to && statusWords(s.to)) return { kind: 'error', text: `${userMessage(s.failed)} It said: ${statusWords(s.to)}.` };
  if (s.failed === 'folder-name-delimiter' && s.to) return { kind: 'error', text: `${userMessage(s.failed)} On this server that is “${s.to}”.` };
  if (s.failed && s.done === 'upload' && s.n) return { kind: 'error', text: `Uploaded ${count(s.n)} to ${s.to ?? 'the folder'}; the rest was not: ${userMessage(isMailErrorCode(s.failed) ? s.failed : 'server')}` };
  if (s.failed) return { kind: 'error', text: isMailErrorCode(s.failed) ? userMessage(s.failed) : userMessage('server') };
  const n = count(s.n ?? 0);
  const to = s.to ?? 'the folder';
  const words: Record<NonNullable<ActionStatus['done']>, string> = {
    read: `Marked ${n} as read.`,
    unread: `Marked ${n} as unread.`,
    flag: `Flagged ${n}.`,
    enter: '',
    label: `Labelled ${n} “${s.to ?? ''}”.`,
    unlabel: `Removed the label “${s.to ?? ''}” from ${n}.`,
    unflag: `Removed the flag from ${n}.`,
    archive: `Archived ${n} (moved to ${to}).`,
    delete: `Moved ${n} to ${to}.`,
    'delete-mark': `Marked ${n} as deleted: ${s.n === 1 ? 'it stays' : 'they stay'} here, struck through, until the folder is expunged.`,
    move: `Moved ${n} to ${to}.`,
    'move-mark': `Copied ${n} to ${to}. Here ${s.n === 1 ? 'it is' : 'they are'} marked as deleted (struck through) until the folder is expunged: this mail server cannot remove single messages without removing all marked ones.`,
    copy: `Copied ${n} to ${to}.`,
    undo: `Undone: ${n} ${s.n === 1 ? 'is' : 'are'} back in ${to}.`,
    expunge: `Erased ${n} marked as deleted, for good.`,
    empty: `Emptied: ${n} erased for good.`,
    create: `Created the folder “${to}”.`,
    rename: `Renamed the folder to “${to}”.`,
    'delete-folder': s.n ? `Deleted the folder “${to}” and the ${n} in it.` : `Deleted the folder “${to}”.`,
    subscribe: `Subscribed to “${to}”: the folder list shows it.`,
    unsubscribe: `Unsubscribed from “${to}”: the folder list shows it only with “Show all folders”.`,
    upload: `Uploaded ${n} to ${to}.`,
    draft: 'Draft saved in Drafts, on the mail server.',
    sent: s.to ? `Message sent to ${s.to}.` : 'Message sent.',
    'sent-nocopy': `${s.to ? `Message sent to ${s.to}` : 'Message sent'}, but its copy could not be kept in Sent.`,
    'sent-partly': `Message sent, but not to ${s.to ?? 'some recipients'}: the mail server refused ${s.to?.includes(',') ? 'those addresses' : 'that address'}.`,
  };
  let line = s.done ? words[s.done] : '';
  if (s.missing) line += ` ${s.missing === 1 ? '1 message was' : `${s.missing} messages were`} no longer there: moved or deleted elsewhere meanwhile.`;
  if (s.done && !s.n && s.missing) line = `Nothing was changed: ${s.missing === 1 ? 'the message was' : `the ${s.missing} messages were`} no longer there (moved or deleted elsewhere meanwhile).`;
  return { kind: 'done', text: line.trim() };
}
