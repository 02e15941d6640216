// Changing mail on the server: flags, move, copy, delete. Every change names its messages by UID in a folder
// whose UIDVALIDITY is checked first, touches only the UIDs that still exist, and never sends a plain EXPUNGE
// (which would also remove what another client marked \Deleted).
import type { ImapFlow } from 'imapflow';
import { MailError } from './errors';
import { inFolder } from './mail';
import { searchCriteria } from './search';
import { takeRefusal, type Account, type ConnectionPool } from './pool';
import { namespacesOf } from './namespaces';
import { parseSequenceSet, sequenceSet } from './sequence';
import { buildFolderSections } from './translate';
import type { FolderSection, MailboxNode, SearchTerms, SpecialUse } from './types';

/** The messages an action is for: UIDs in one folder, as the page that listed them saw it. */
export interface Selection {
  folder: string;
  /** The folder's UIDVALIDITY when the page was made: if it changed, the UIDs name other messages now. */
  uidValidity: string;
  uids: number[];
  /**
   * "Select all N in this folder / in these results": every message (of the search, if one) below the UIDNEXT the
   * page saw, found by the server (`UID SEARCH … UID 1:<uidNext-1>`), not listed in the page; `uids` is then unused.
   */
  every?: { uidNext: number; search?: SearchTerms };
}

/** What an action did: how many it changed, and how many of those asked for were gone already. */
export interface ActionResult {
  done: number;
  missing: number;
}

export interface MoveResult extends ActionResult {
  /** The folder they went to. */
  to: string;
  /** The destination's UIDVALIDITY and the moved messages' new UIDs, when the server reported them (UIDPLUS). */
  destination?: { uidValidity: string; uids: number[] };
  /**
   * Without MOVE and without UIDPLUS: the messages were copied and marked \Deleted, but could not be removed
   * without also removing other \Deleted messages; they stay (struck through) until the user expunges.
   */
  leftDeleted?: boolean;
}

/** Flags an action may set or clear: the system flags users act on, and keywords (labels). */
export type FlagName = '\\Seen' | '\\Flagged' | '\\Deleted' | string;

/** Which of `uids` still exist in the selected folder: one `UID SEARCH UID <set>`. */
async function existing(client: ImapFlow, uids: number[]): Promise<number[]> {
  if (uids.length === 0) return [];
  const found = await client.search({ uid: sequenceSet(uids) }, { uid: true });
  if (!found) throw new MailError(client.usable ? 'server' : 'unreachable', 'UID SEARCH for the selection failed');
  const wanted = new Set(uids);
  return found.filter((u) => wanted.has(u));
}

/**
 * Every UID below `uidNext` (of the search's matches, with one, within the messages it searched): one `UID SEARCH`,
 * compact with ESEARCH.
 */
async function everyUid(client: ImapFlow, uidNext: number, search: SearchTerms | undefined): Promise<number[]> {
  const top = Math.min(uidNext, search?.below ?? uidNext) - 1;
  const bottom = search?.down ?? 1;
  if (top < bottom) return [];
  const criteria = { ...(search ? searchCriteria(search) : {}), uid: `${bottom}:${top}` };
  const esearch = client.capabilities.has('ESEARCH');
  const found = await client.search(criteria, esearch ? { uid: true, returnOptions: ['ALL'] } : { uid: true });
  if (!found) throw new MailError(client.usable ? 'server' : 'unreachable', 'UID SEARCH for "select all" failed');
  if (Array.isArray(found)) return found;
  const out: number[] = [];
  for (const [a, b] of parseSequenceSet(found.all ?? '')) for (let u = a; u <= b; u++) out.push(u);
  return out;
}

/** Runs `work` on the UIDs of the selection that still exist, in its folder, UIDVALIDITY checked. */
function onExisting<T extends ActionResult>(pool: ConnectionPool, account: Account, sel: Selection, work: (client: ImapFlow, uids: number[]) => Promise<Omit<T, 'missing'>>): Promise<T> {
  return inFolder(pool, account, sel.folder, async (client, mailbox) => {
    // Renumbered since the page was made: its UIDs may name other messages now, so none is touched.
    if (String(mailbox.uidValidity) !== sel.uidValidity) throw new MailError('folder-changed', `${sel.folder}: UIDVALIDITY ${mailbox.uidValidity}, the page had ${sel.uidValidity}`);
    if (sel.every) {
      const uids = sel.every.uidNext > 1 ? await everyUid(client, sel.every.uidNext, sel.every.search) : [];
      if (uids.length === 0) return { done: 0, missing: 0 } as T;
      return { ...(await work(client, uids)), missing: 0 } as T;
    }
    const uids = await existing(client, [...new Set(sel.uids)]);
    const missing = new Set(sel.uids).size - uids.length;
    if (uids.length === 0) return { done: 0, missing } as T;
    return { ...(await work(client, uids)), missing } as T;
  });
}

/** Adds or removes one flag on the selection (`UID STORE +FLAGS` / `-FLAGS`). */
export function setFlag(pool: ConnectionPool, account: Account, sel: Selection, flag: FlagName, on: boolean): Promise<ActionResult> {
  return onExisting(pool, account, sel, async (client, uids) => {
    const set = sequenceSet(uids);
    const ok = on ? await client.messageFlagsAdd(set, [flag], { uid: true }) : await client.messageFlagsRemove(set, [flag], { uid: true });
    if (!ok) throw new MailError(client.usable ? 'server' : 'unreachable', `UID STORE ${on ? '+' : '-'}FLAGS (${flag}) failed`);
    return { done: uids.length };
  });
}

/**
 * Whether a folder keeps `label` for good, by the PERMANENTFLAGS its SELECT announced: `\*` (any new keyword), or
 * the label among them already (keywords compare without case). No PERMANENTFLAGS at all: RFC 3501 says all flags
 * may then be kept.
 */
export function acceptsLabel(permanent: Set<string> | undefined, label: string): boolean {
  if (!permanent) return true;
  return permanent.has('\\*') || [...permanent].some((f) => f.toLowerCase() === label.toLowerCase());
}

/**
 * Adds or removes a label (an IMAP keyword) on the selection. A new label needs the folder's PERMANENTFLAGS to
 * allow new keywords (`\*`) or to list it already; else `no-new-labels`, and nothing is stored.
 */
export function setLabel(pool: ConnectionPool, account: Account, sel: Selection, label: string, on: boolean): Promise<ActionResult> {
  return onExisting(pool, account, sel, async (client, uids) => {
    const permanent = client.mailbox ? client.mailbox.permanentFlags : undefined;
    if (on && !acceptsLabel(permanent, label)) throw new MailError('no-new-labels', `${sel.folder}: PERMANENTFLAGS ${[...(permanent ?? [])].join(' ')}`);
    const set = sequenceSet(uids);
    const ok = on ? await client.messageFlagsAdd(set, [label], { uid: true }) : await client.messageFlagsRemove(set, [label], { uid: true });
    if (!ok) throw new MailError(client.usable ? 'server' : 'unreachable', `UID STORE ${on ? '+' : '-'}FLAGS (${label}) failed`);
    return { done: uids.length };
  });
}

/**
 * Moves the selection to `to`. With MOVE (RFC 6851): `UID MOVE`. Without it: `UID COPY`, `UID STORE +FLAGS
 * (\Deleted)` and, with UIDPLUS, `UID EXPUNGE` of exactly those UIDs; without UIDPLUS they are left \Deleted
 * (`leftDeleted`) rather than expunging the whole folder.
 */
export function moveMessages(pool: ConnectionPool, account: Account, sel: Selection, to: string): Promise<MoveResult> {
  if (to === sel.folder) throw new MailError('bad-link', `move of ${sel.folder} into itself`);
  return onExisting<MoveResult>(pool, account, sel, async (client, uids) => {
    const set = sequenceSet(uids);
    if (client.capabilities.has('MOVE')) {
      const moved = await client.messageMove(set, to, { uid: true });
      if (!moved) throw refusal(client, `UID MOVE to ${to} failed`);
      return { done: uids.length, to, destination: destinationOf(moved, uids) };
    }
    const copied = await client.messageCopy(set, to, { uid: true });
    if (!copied) throw refusal(client, `UID COPY to ${to} failed`);
    if (!(await client.messageFlagsAdd(set, ['\\Deleted'], { uid: true }))) throw new MailError('server', `copied to ${to}, but UID STORE +FLAGS (\\Deleted) failed`);
    if (!client.capabilities.has('UIDPLUS')) return { done: uids.length, to, destination: destinationOf(copied, uids), leftDeleted: true };
    await uidExpunge(client, uids);
    return { done: uids.length, to, destination: destinationOf(copied, uids) };
  });
}

/**
 * Why the server refused a COPY or MOVE (imapflow answers `false`; the pool kept the response code): the quota
 * (OVERQUOTA, RFC 9208), a target that is gone (TRYCREATE, NONEXISTENT), or something else.
 */
function refusal(client: ImapFlow, what: string): MailError {
  if (!client.usable) return new MailError('unreachable', what);
  const code = takeRefusal(client);
  if (code === 'OVERQUOTA' || code === 'LIMIT') return new MailError('over-quota', `${what}: ${code}`);
  if (code === 'TRYCREATE' || code === 'NONEXISTENT') return new MailError('no-folder', `${what}: ${code}`);
  return new MailError('server', code ? `${what}: ${code}` : what);
}

/** Copies the selection to `to` (`UID COPY`), the originals untouched. */
export function copyMessages(pool: ConnectionPool, account: Account, sel: Selection, to: string): Promise<MoveResult> {
  return onExisting<MoveResult>(pool, account, sel, async (client, uids) => {
    const copied = await client.messageCopy(sequenceSet(uids), to, { uid: true });
    if (!copied) throw refusal(client, `UID COPY to ${to} failed`);
    return { done: uids.length, to, destination: destinationOf(copied, uids) };
  });
}

/**
 * Removes for good those of the selection that are marked \Deleted: `UID EXPUNGE` (UIDPLUS, RFC 4315) only.
 * A server without UIDPLUS can only expunge the whole folder, which would take other clients' \Deleted messages
 * too: refused (`no-uid-expunge`).
 */
export function expungeMessages(pool: ConnectionPool, account: Account, sel: Selection): Promise<ActionResult> {
  return onExisting(pool, account, sel, async (client, uids) => {
    if (!client.capabilities.has('UIDPLUS')) throw new MailError('no-uid-expunge', `${sel.folder}: no UIDPLUS`);
    const deleted = await client.search({ uid: sequenceSet(uids), deleted: true }, { uid: true });
    if (!deleted) throw new MailError(client.usable ? 'server' : 'unreachable', 'UID SEARCH DELETED failed');
    if (deleted.length > 0) await uidExpunge(client, deleted);
    return { done: deleted.length };
  });
}

/**
 * `UID STORE +FLAGS (\Deleted)` and `UID EXPUNGE` of exactly `uids`. Only called where UIDPLUS is announced:
 * without it imapflow's messageDelete() would send a plain EXPUNGE.
 */
/**
 * Erases for good, in `folder`, the messages below `uidNext` (what the page could know of) that are marked
 * \Deleted ("Expunge"), or all of them ("Empty Trash": marked \Deleted first). `UID SEARCH`, then `UID EXPUNGE` of
 * exactly those UIDs: without UIDPLUS it is refused (`no-uid-expunge`), as a plain EXPUNGE could take messages
 * another client marked after the page was made.
 */
export function eraseMessages(pool: ConnectionPool, account: Account, folder: string, uidValidity: string, uidNext: number, what: 'deleted' | 'all'): Promise<ActionResult> {
  return inFolder(pool, account, folder, async (client, mailbox) => {
    if (String(mailbox.uidValidity) !== uidValidity) throw new MailError('folder-changed', `${folder}: UIDVALIDITY ${mailbox.uidValidity}, the page had ${uidValidity}`);
    if (!client.capabilities.has('UIDPLUS')) throw new MailError('no-uid-expunge', `${folder}: no UIDPLUS`);
    if (mailbox.exists === 0 || uidNext <= 1) return { done: 0, missing: 0 };
    const range = `1:${uidNext - 1}`;
    const found = await client.search(what === 'all' ? { uid: range } : { uid: range, deleted: true }, { uid: true });
    if (!found) throw new MailError(client.usable ? 'server' : 'unreachable', 'UID SEARCH for erasing failed');
    if (found.length > 0) await uidExpunge(client, found);
    return { done: found.length, missing: 0 };
  });
}

async function uidExpunge(client: ImapFlow, uids: number[]): Promise<void> {
  if (!client.capabilities.has('UIDPLUS')) throw new MailError('no-uid-expunge', 'UID EXPUNGE without UIDPLUS');
  if (!(await client.messageDelete(sequenceSet(uids), { uid: true }))) throw new MailError(client.usable ? 'server' : 'unreachable', 'UID EXPUNGE failed');
}

/** The new UIDs a COPY or MOVE reported (COPYUID), in the order of `uids`; undefined without UIDPLUS. */
function destinationOf(result: { uidValidity?: bigint | number; uidMap?: Map<number, number> }, uids: number[]): MoveResult['destination'] {
  if (!result.uidMap || result.uidValidity === undefined) return undefined;
  const mapped = uids.map((u) => result.uidMap!.get(u)).filter((u): u is number => typeof u === 'number');
  return mapped.length > 0 ? { uidValidity: String(result.uidValidity), uids: mapped } : undefined;
}

/** A folder messages can be moved or copied to, as the folder tree names it ("Projects / Feather", "Trash"). */
export interface FolderChoice {
  path: string;
  label: string;
  specialUse?: SpecialUse;
}

/**
 * The folders messages can go to, in the tree's order, and the user's own special-use ones by role (Trash,
 * Archive…). Roles count only among the personal namespace's folders (another user's shared Trash is not this
 * user's). Pure: pages that have the tree already use it as it is.
 */
export function choicesOf(sections: FolderSection[]): { folders: FolderChoice[]; roles: Partial<Record<SpecialUse, string>> } {
  const folders: FolderChoice[] = [];
  const roles: Partial<Record<SpecialUse, string>> = {};
  const walk = (nodes: MailboxNode[], above: string[], personal: boolean) => {
    for (const n of nodes) {
      const names = [...above, n.displayName];
      if (n.selectable) folders.push({ path: n.path, label: names.join(' / '), specialUse: personal ? n.specialUse : undefined });
      if (personal && n.specialUse && n.selectable && !roles[n.specialUse]) roles[n.specialUse] = n.path;
      walk(n.children, names, personal);
    }
  };
  for (const s of sections) walk(s.folders, [], s.kind === 'personal');
  return { folders, roles };
}

/** The same from one LIST (no STATUS), for an action or a page without the tree. */
export async function folderChoices(pool: ConnectionPool, account: Account): Promise<{ folders: FolderChoice[]; roles: Partial<Record<SpecialUse, string>> }> {
  return pool.run(account, async (client) => choicesOf(buildFolderSections(await client.list(), namespacesOf(client))));
}
