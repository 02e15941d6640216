// Managing folders on the server: create, rename, delete, subscribe; and the account's quota (RFC 9208).
// Paths are the server's own (imapflow encodes modified UTF-7, or sends UTF-8 where UTF8=ACCEPT is on); new names
// are checked here first, so that a name is never silently made into a hierarchy by its delimiter.
import type { ImapFlow, ListResponse } from 'imapflow';
import { createHash } from 'node:crypto';
import { MailError, toMailError } from './errors';
import { namespacesOf } from './namespaces';
import { takeRefusal, type Account, type ConnectionPool } from './pool';
import type { Namespace } from './types';

/** Longest new folder name Feather sends (characters): servers allow a few hundred bytes per path. */
export const MAX_FOLDER_NAME = 100;

/**
 * Why `name` cannot be a new folder's name under `delimiter`, or null when it can: no delimiter (it would make a
 * hierarchy), no LIST wildcards (`*`, `%`), no control characters, not blank, not INBOX (RFC 3501 reserves it).
 */
export function folderNameProblem(name: string, delimiter: string): 'folder-name-delimiter' | 'bad-folder-name' | 'folder-exists' | null {
  if (delimiter && name.includes(delimiter)) return 'folder-name-delimiter';
  if (name.trim() === '' || name !== name.trim() || /[*%\u0000-\u001f\u007f]/.test(name) || [...name].length > MAX_FOLDER_NAME) return 'bad-folder-name';
  if (name.toUpperCase() === 'INBOX') return 'folder-exists';
  return null;
}

/** The user's own namespace: where new top-level folders go, and the delimiter their names must not contain. */
export function personalNamespace(client: ImapFlow): Namespace {
  return namespacesOf(client).personal[0] ?? { prefix: '', delimiter: '/' };
}

async function listed(client: ImapFlow): Promise<ListResponse[]> {
  return client.list();
}

function isSpecial(entry: ListResponse): boolean {
  if (entry.path.toUpperCase() === 'INBOX') return true;
  return [...(entry.flags ?? [])].some((f) => /^\\(drafts|sent|trash|junk|archive|all|flagged)$/i.test(f)) || Boolean(entry.specialUse);
}

/** The folder at `path` as LIST shows it, refused when it is Inbox or special-use (Feather files mail there). */
async function ownFolder(client: ImapFlow, path: string): Promise<{ entry: ListResponse; all: ListResponse[] }> {
  const all = await listed(client);
  const entry = all.find((e) => e.path === path);
  if (!entry) throw new MailError('no-folder', path);
  if (isSpecial(entry)) throw new MailError('folder-kept', path);
  const { prefix } = personalNamespace(client);
  if (prefix && !path.startsWith(prefix) && path.toUpperCase() !== 'INBOX') throw new MailError('folder-kept', `${path} is outside the personal namespace`);
  return { entry, all };
}

/** The folders below `path` (its children, theirs…), deepest first. */
function below(all: ListResponse[], path: string, delimiter: string): ListResponse[] {
  return all.filter((e) => e.path.startsWith(path + delimiter)).sort((a, b) => b.path.length - a.path.length);
}

/** What a refused CREATE or RENAME means to the user: the name is taken, or the server will not have it. */
function nameRefusal(client: ImapFlow, err: unknown): MailError {
  const code = (err as { serverResponseCode?: string }).serverResponseCode ?? takeRefusal(client);
  const e = toMailError(err);
  if (!client.usable || e.code !== 'server') return e;
  if (code === 'ALREADYEXISTS') return new MailError('folder-exists', e.message, { cause: err });
  if (code === 'OVERQUOTA' || code === 'LIMIT') return new MailError('over-quota', e.message, { cause: err });
  return new MailError('bad-folder-name', e.message, { cause: err });
}

/**
 * Creates `name` at the top of the user's folders, or inside `parent` (`CREATE`, then `SUBSCRIBE`: imapflow
 * subscribes what it creates). Answers the new folder's path.
 */
export function createFolder(pool: ConnectionPool, account: Account, name: string, parent?: string): Promise<string> {
  return pool.run(account, async (client) => {
    const ns = personalNamespace(client);
    let delimiter = ns.delimiter;
    let path = ns.prefix + name;
    if (parent) {
      const entry = (await listed(client)).find((e) => e.path === parent);
      if (!entry) throw new MailError('no-folder', parent);
      if (entry.flags?.has('\\Noinferiors')) throw new MailError('bad-folder-name', `${parent} has \\Noinferiors`);
      delimiter = entry.delimiter || delimiter;
      path = parent + delimiter + name;
    }
    const problem = folderNameProblem(name, delimiter);
    if (problem) throw new MailError(problem, name);
    let created;
    try {
      created = await client.mailboxCreate(path);
    } catch (err) {
      throw nameRefusal(client, err);
    }
    if (!created.created) throw new MailError('folder-exists', path);
    return path;
  });
}

/**
 * Renames the folder at `path` to `name`, in the same place (`RENAME`: the server renames the folders inside it
 * too). Subscriptions follow the new names: RFC 3501 leaves them to the client, and some servers keep the old ones.
 */
export function renameFolder(pool: ConnectionPool, account: Account, path: string, name: string): Promise<string> {
  return pool.run(account, async (client) => {
    const { entry, all } = await ownFolder(client, path);
    const delimiter = entry.delimiter || personalNamespace(client).delimiter;
    const problem = folderNameProblem(name, delimiter);
    if (problem) throw new MailError(problem, name);
    const cut = delimiter ? path.lastIndexOf(delimiter) : -1;
    const { prefix } = personalNamespace(client);
    const newPath = cut >= 0 ? path.slice(0, cut + 1) + name : prefix && path.startsWith(prefix) ? prefix + name : name;
    if (newPath === path) return path;
    if (all.some((e) => e.path === newPath)) throw new MailError('folder-exists', newPath);
    const subscribed = [entry, ...below(all, path, delimiter)].filter((e) => e.subscribed).map((e) => e.path);
    try {
      await client.mailboxRename(path, newPath);
    } catch (err) {
      throw nameRefusal(client, err);
    }
    const now = new Map((await listed(client)).map((e) => [e.path, e]));
    for (const old of subscribed) {
      const moved = newPath + old.slice(path.length);
      if (now.has(moved) && !now.get(moved)!.subscribed) await client.mailboxSubscribe(moved);
      if (now.get(old)?.subscribed || !now.has(old)) await client.mailboxUnsubscribe(old).catch(() => undefined);
    }
    return newPath;
  });
}

/** What a folder and those inside it hold: each one's path, message count and UIDNEXT. */
export interface FolderContentsSummary {
  folders: Array<{ path: string; messages: number }>;
  messages: number;
  /** Stands for the counts and UIDNEXTs: a delete confirmed on a page that saw another one is refused. */
  fingerprint: string;
}

async function summarize(client: ImapFlow, entry: ListResponse, all: ListResponse[]): Promise<FolderContentsSummary> {
  const tree = [entry, ...below(all, entry.path, entry.delimiter)].filter((e) => !e.flags?.has('\\Noselect') && !e.flags?.has('\\NonExistent'));
  const folders: FolderContentsSummary['folders'] = [];
  const hash = createHash('sha256');
  for (const e of tree) {
    const st = await client.status(e.path, { messages: true, uidNext: true, uidValidity: true });
    if (!st) throw new MailError(client.usable ? 'server' : 'unreachable', `STATUS ${e.path} failed`);
    folders.push({ path: e.path, messages: st.messages ?? 0 });
    hash.update(`${e.path}\u0000${st.messages}\u0000${st.uidNext}\u0000${st.uidValidity}\n`);
  }
  return { folders, messages: folders.reduce((n, f) => n + f.messages, 0), fingerprint: hash.digest('hex').slice(0, 24) };
}

/** What deleting `path` would erase (one STATUS per folder of its subtree), for the confirmation to show. */
export function folderContents(pool: ConnectionPool, account: Account, path: string): Promise<FolderContentsSummary> {
  return pool.run(account, async (client) => {
    const { entry, all } = await ownFolder(client, path);
    return summarize(client, entry, all);
  });
}

/**
 * Deletes the folder at `path` and the folders inside it (deepest first: a server refuses to delete a parent
 * first or leaves it \Noselect), with their messages, if they still hold what the confirmation showed
 * (`fingerprint`): mail that arrived since, or a folder made inside meanwhile, is not erased unseen.
 */
export function deleteFolder(pool: ConnectionPool, account: Account, path: string, fingerprint: string): Promise<number> {
  return pool.run(account, async (client) => {
    const { entry, all } = await ownFolder(client, path);
    const now = await summarize(client, entry, all);
    if (now.fingerprint !== fingerprint) throw new MailError('folder-changed', `${path} changed since the confirmation`);
    for (const e of [...below(all, path, entry.delimiter), entry]) {
      await client.mailboxUnsubscribe(e.path).catch(() => undefined);
      try {
        await client.mailboxDelete(e.path);
      } catch (err) {
        // Gone already (another client): what was asked for holds.
        if ((err as { serverResponseCode?: string }).serverResponseCode !== 'NONEXISTENT') throw toMailError(err);
      }
    }
    return now.messages;
  });
}

/** Subscribes to or unsubscribes from a folder (`SUBSCRIBE` / `UNSUBSCRIBE`): the tree shows subscribed ones. */
export function setSubscribed(pool: ConnectionPool, account: Account, path: string, on: boolean): Promise<void> {
  return pool.run(account, async (client) => {
    const ok = on ? await client.mailboxSubscribe(path) : await client.mailboxUnsubscribe(path);
    if (!ok) throw new MailError(client.usable ? (takeRefusal(client) === 'NONEXISTENT' ? 'no-folder' : 'server') : 'unreachable', `${on ? 'SUBSCRIBE' : 'UNSUBSCRIBE'} ${path} failed`);
  });
}

/** Storage used and allowed, in bytes (the STORAGE resource of the quota root of INBOX). */
export interface QuotaUsage {
  used: number;
  limit: number;
}

/**
 * The account's storage quota, where the server has QUOTA (RFC 9208): `GETQUOTAROOT INBOX`. Undefined without
 * QUOTA, without a storage limit, or when the server will not say.
 */
export async function quotaOf(client: ImapFlow): Promise<QuotaUsage | undefined> {
  if (!client.capabilities.has('QUOTA')) return undefined;
  const q = await client.getQuota('INBOX');
  const storage = q ? (q as { storage?: { usage?: number; limit?: number } }).storage : undefined;
  if (!storage || !storage.limit) return undefined;
  return { used: storage.usage ?? 0, limit: storage.limit };
}

/** The account's storage quota, over the session's connection. */
export function accountQuota(pool: ConnectionPool, account: Account): Promise<QuotaUsage | undefined> {
  return pool.run(account, quotaOf);
}
