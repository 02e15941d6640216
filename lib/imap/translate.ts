// Pure translators from imapflow's shapes to Feather's neutral types. Unit-tested without a server.
import type { FetchMessageObject, ListResponse, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { ImapAttribute, ImapResponse } from 'imapflow/lib/handler/types.js';
import type { MimeNode } from '@/lib/mime/types';
import type { Address, FolderSection, MailboxNode, MessageDetail, MessageEnvelope, MessageSummary, NamespaceKind, Namespaces, SpecialUse } from './types';
import { attachmentMark } from '@/lib/mime/plan';
import { headerRulesOutAttachment, type RowHeaders } from '@/lib/mime/row';

/** RFC 6154 flags, lower-cased: flags are case-insensitive, and Cyrus sends `\sent`. */
const SPECIAL_USE: Record<string, SpecialUse> = {
  '\\inbox': 'inbox',
  '\\drafts': 'drafts',
  '\\sent': 'sent',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
};

export const SPECIAL_ORDER: SpecialUse[] = ['inbox', 'drafts', 'sent', 'trash', 'junk', 'archive'];

const FRIENDLY: Record<SpecialUse, string> = {
  inbox: 'Inbox',
  drafts: 'Drafts',
  sent: 'Sent',
  trash: 'Trash',
  junk: 'Junk',
  archive: 'Archive',
};

export function translateAddresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).map((a) => ({ name: (a.name ?? '').trim(), address: (a.address ?? '').trim() })).filter((a) => a.name || a.address);
}

function isoDate(value: Date | string | undefined): string | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * The one envelope translator: a message's list row and its own page show the same subject, people and date.
 * The date is the Date header when it parses, else INTERNALDATE (a garbage Date header still sorts and shows).
 */
export function translateEnvelope(msg: FetchMessageObject): MessageEnvelope {
  const env = msg.envelope;
  return {
    uid: msg.uid,
    subject: env?.subject ?? '',
    from: translateAddresses(env?.from ?? env?.sender),
    to: translateAddresses(env?.to),
    cc: translateAddresses(env?.cc),
    date: isoDate(env?.date) ?? isoDate(msg.internalDate),
    size: msg.size ?? 0,
  };
}

/** The paperclip as the server's keywords give it (Dovecot's attachment detection, `add-flags`), if they do. */
function attachmentKeyword(flags: Set<string>): boolean | undefined {
  if (hasKeyword(flags, '$HasAttachment')) return true;
  if (hasKeyword(flags, '$HasNoAttachment')) return false;
  return undefined;
}

/**
 * Whether a row's paperclip needs the message's BODYSTRUCTURE: neither the server's keywords nor its own header
 * (a single inline text) settle it.
 */
export function rowNeedsStructure(flags: Set<string> | undefined, head: RowHeaders): boolean {
  return attachmentKeyword(flags ?? new Set()) === undefined && !headerRulesOutAttachment(head);
}

/**
 * A list row: the header fields it shows (subject, sender, date: read by lib/mime/row.ts), the state flags, and the
 * paperclip (from keywords, else from the header, else from `structure`, fetched for such rows only). The date is the
 * Date field when it parses, else `internalDate` (fetched for such rows only), as on the message's page.
 */
export function translateSummary(msg: FetchMessageObject, head: RowHeaders, more: { structure?: MessageStructureObject; internalDate?: Date | string } = {}): MessageSummary {
  const flags = msg.flags ?? new Set<string>();
  let hasAttachment = attachmentKeyword(flags) ?? null;
  if (hasAttachment === null && headerRulesOutAttachment(head)) hasAttachment = false;
  else if (hasAttachment === null && more.structure) hasAttachment = attachmentMark(translateStructure(more.structure));
  return {
    uid: msg.uid,
    seq: msg.seq,
    subject: head.subject,
    from: head.from,
    date: head.date ?? isoDate(more.internalDate),
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    deleted: flags.has('\\Deleted'),
    labels: labelsOf(flags),
    forwarded: hasKeyword(flags, '$Forwarded'),
    hasAttachment,
  };
}

/**
 * The user's labels among a message's flags: keywords that are neither system flags (\\Seen…) nor the
 * `$`-keywords clients set for themselves ($Forwarded, $HasAttachment, $Junk…), sorted.
 */
export function labelsOf(flags: Set<string>): string[] {
  return [...flags].filter((f) => !f.startsWith('\\') && !f.startsWith('$')).sort((a, b) => a.localeCompare(b));
}

/** Whether `flags` has the keyword `name`; keywords are case-insensitive (a client may have set `$forwarded`). */
function hasKeyword(flags: Set<string>, name: string): boolean {
  if (flags.has(name)) return true;
  const lower = name.toLowerCase();
  for (const f of flags) if (f.toLowerCase() === lower) return true;
  return false;
}

/**
 * The longest preview a list row keeps, in characters as people count them (RFC 8970 allows servers 256). A row
 * shows one line of it, about 110 characters at 1280 px: the rest was a quarter of the list page's bytes before
 * its end, which a 56 kbit/s reader waits for.
 */
export const PREVIEW_MAX_CHARS = 120;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * A server's PREVIEW (RFC 8970: UTF-8 text, an nstring) as a list row shows it. imapflow's parser hands a quoted
 * string over as a string (already decoded as UTF-8), a literal as a Buffer, NIL as null. The text becomes one
 * line: controls and runs of white space are one space, the ends trimmed; it is cut at PREVIEW_MAX_CHARS
 * characters, never inside one (an emoji sequence, a letter with its combining marks). Undefined for NIL, for
 * anything that is not text, and when nothing is left.
 */
export function translatePreview(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (Buffer.isBuffer(value)) text = value.toString('utf8');
  else return undefined;
  // \s covers Unicode's spaces and line breaks (U+2028/9 too); the rest are C0 and C1 controls and DEL.
  text = text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (text.length > PREVIEW_MAX_CHARS && !/[^\u0000-\u02ff]/.test(text.slice(0, PREVIEW_MAX_CHARS + 1))) {
    // Below U+0300 (where combining marks begin) each code unit is a character of its own, and controls are gone:
    // the cut is a slice, without the segmenter (a tenth of a millisecond a row, a tenth of a list page's CPU).
    text = text.slice(0, PREVIEW_MAX_CHARS).trimEnd();
  } else if (text.length > PREVIEW_MAX_CHARS) {
    let cut = '';
    let count = 0;
    for (const { segment } of graphemes.segment(text)) {
      if (++count > PREVIEW_MAX_CHARS) break;
      cut += segment;
    }
    text = cut.trimEnd();
  }
  return text || undefined;
}

/** An atom's text (an item name, a number); undefined for anything else. */
function atomText(node: ImapAttribute | undefined): string | undefined {
  return node && !Array.isArray(node) && node.type === 'ATOM' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * The UID and preview of one untagged FETCH response, `* 7 FETCH (UID 42 PREVIEW "…")` (the preview may be a
 * literal, or NIL: then `preview` is undefined). Null for a response without both UID and PREVIEW (a flag
 * change the server sent unasked, say).
 */
export function previewOfFetch(untagged: ImapResponse): { uid: number; preview: string | undefined } | null {
  const items = untagged.attributes?.[1];
  if (!Array.isArray(items)) return null;
  let uid: number | undefined;
  let found = false;
  let preview: string | undefined;
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = atomText(items[i])?.toUpperCase();
    if (key === 'UID') {
      const v = atomText(items[i + 1]);
      if (v && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 0xffffffff) uid = Number(v);
    } else if (key === 'PREVIEW') {
      found = true;
      const v = items[i + 1];
      preview = v && !Array.isArray(v) ? translatePreview(v.value) : undefined;
    }
  }
  return uid !== undefined && found ? { uid, preview } : null;
}

/** A message's own page: the envelope, every flag, and its structure when imapflow could parse it. */
export function translateDetail(folder: string, msg: FetchMessageObject, ns?: Namespaces): MessageDetail {
  return {
    ...translateEnvelope(msg),
    folder,
    folderName: folderLabel(folder, ns),
    flags: [...(msg.flags ?? [])],
    labels: labelsOf(msg.flags ?? new Set<string>()),
    structure: msg.bodyStructure ? translateStructure(msg.bodyStructure) : null,
  };
}

function lowerKeys(obj: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!obj) return undefined;
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v]));
}

const MAX_DEPTH = 100;

export function translateStructure(node: MessageStructureObject, depth = 0): MimeNode {
  const out: MimeNode = {
    type: (node.type || 'application/octet-stream').toLowerCase(),
    parameters: lowerKeys(node.parameters),
    id: node.id ? node.id.replace(/^<|>$/g, '') : undefined,
    encoding: node.encoding?.toLowerCase(),
    size: node.size,
    disposition: node.disposition?.toLowerCase(),
    dispositionParameters: lowerKeys(node.dispositionParameters),
  };
  if (node.envelope) {
    out.embedded = {
      subject: node.envelope.subject,
      from: translateAddresses(node.envelope.from ?? node.envelope.sender),
      date: isoDate(node.envelope.date) ?? undefined,
    };
  }
  if (node.childNodes && depth < MAX_DEPTH) {
    out.childNodes = node.childNodes.map((c) => translateStructure(c, depth + 1));
  }
  return out;
}

const NO_NAMESPACES: Namespaces = { personal: [], other: [], shared: [] };

/**
 * Which namespace a server path lies in: the one with the longest prefix it begins with (INBOX is always the
 * user's own), else the personal one. A path equal to a prefix without its delimiter ("Public") is that
 * namespace's root.
 */
export function namespaceOf(path: string, ns: Namespaces): { kind: NamespaceKind; prefix: string; delimiter: string } {
  const personal = ns.personal[0] ?? { prefix: '', delimiter: '' };
  if (path.toUpperCase() === 'INBOX') return { kind: 'personal', ...personal };
  let best: { kind: NamespaceKind; prefix: string; delimiter: string } | null = null;
  for (const kind of ['personal', 'other', 'shared'] as const) {
    for (const n of ns[kind]) {
      if (!n.prefix) continue;
      const root = n.delimiter && n.prefix.endsWith(n.delimiter) ? n.prefix.slice(0, -n.delimiter.length) : n.prefix;
      if ((path.startsWith(n.prefix) || path === root) && (!best || n.prefix.length > best.prefix.length)) best = { kind, ...n };
    }
  }
  return best ?? { kind: 'personal', ...personal };
}

/** A path's segments below its namespace's prefix: "INBOX.Projects.Feather" → ["Projects", "Feather"]. */
function segmentsBelow(path: string, prefix: string, delimiter: string): string[] {
  const rest = prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path;
  return delimiter ? rest.split(delimiter) : [rest];
}

/**
 * The folder's name for people: "Inbox", or the path below its namespace's prefix with " / " between levels
 * ("INBOX.Projects.Feather" → "Projects / Feather"; "user.bob.Team" → "bob / Team").
 */
export function folderLabel(path: string, ns: Namespaces = NO_NAMESPACES): string {
  if (path.toUpperCase() === 'INBOX') return 'Inbox';
  const { prefix, delimiter } = namespaceOf(path, ns);
  return segmentsBelow(path, prefix, delimiter).join(' / ');
}

/**
 * The folder tree of one namespace from its LIST entries: folders nest by the path below `prefix`, so the
 * personal prefix ("INBOX.") is not drawn as everyone's parent. With `specialUse`, Inbox and the special-use
 * folders come first (fixed order) under their friendly names; the rest sort by name.
 */
export function buildMailboxTree(list: ListResponse[], opts: { prefix?: string; specialUse?: boolean } = {}): MailboxNode[] {
  const prefix = opts.prefix ?? '';
  const withSpecialUse = opts.specialUse ?? true;
  const byPath = new Map<string, MailboxNode>();
  const roots: MailboxNode[] = [];
  // A parent the server did not list (e.g. only "Lists/News" exists) still appears, as a non-selectable node.
  const attach = (node: MailboxNode, segments: string[], delimiter: string) => {
    if (segments.length <= 1) {
      roots.push(node);
      return;
    }
    const parentSegments = segments.slice(0, -1);
    const parentPath = prefix + parentSegments.join(delimiter);
    let parent = byPath.get(parentPath);
    if (!parent) {
      parent = { path: parentPath, displayName: parentSegments[parentSegments.length - 1], delimiter, selectable: false, children: [] };
      byPath.set(parentPath, parent);
      attach(parent, parentSegments, delimiter);
    }
    parent.children.push(node);
  };
  const sorted = [...list].sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path));
  for (const entry of sorted) {
    const flags = entry.flags ?? new Set<string>();
    // imapflow fills specialUse only when it also ran LSUB; the LIST flags (RFC 6154) say the same on their own.
    const specialFlag = (entry.specialUse ?? [...flags].find((f) => f.toLowerCase() in SPECIAL_USE))?.toLowerCase();
    const isInbox = entry.path.toUpperCase() === 'INBOX';
    const special = isInbox ? 'inbox' : withSpecialUse && specialFlag ? SPECIAL_USE[specialFlag] : undefined;
    const segments = isInbox ? [entry.path] : segmentsBelow(entry.path, prefix, entry.delimiter);
    const node: MailboxNode = {
      path: entry.path,
      displayName: special ? FRIENDLY[special] : segments[segments.length - 1],
      delimiter: entry.delimiter,
      specialUse: special,
      selectable: !flags.has('\\Noselect') && !flags.has('\\NonExistent'),
      unseen: entry.status?.unseen,
      total: entry.status?.messages,
      subscribed: entry.subscribed === true,
      noInferiors: flags.has('\\Noinferiors') || undefined,
      children: [],
    };
    const placeholder = byPath.get(entry.path);
    if (placeholder) {
      // Listed after a child made a stand-in for it: the real entry takes the stand-in's place and children.
      Object.assign(placeholder, { ...node, children: placeholder.children });
      continue;
    }
    byPath.set(entry.path, node);
    attach(node, segments, entry.delimiter);
  }
  const rank = (n: MailboxNode) => (n.specialUse ? SPECIAL_ORDER.indexOf(n.specialUse) : SPECIAL_ORDER.length);
  const sortLevel = (nodes: MailboxNode[]) => {
    nodes.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
    nodes.forEach((n) => sortLevel(n.children));
  };
  sortLevel(roots);
  return roots;
}

/**
 * The whole folder tree, one section per namespace (RFC 2342): the user's own folders (always, first), then other
 * users' and shared folders, each below its own prefix. A namespace's bare root ("Public", "user") is the section
 * itself and not listed as a folder; special-use marks count only among the user's own folders.
 */
export function buildFolderSections(list: ListResponse[], ns: Namespaces): FolderSection[] {
  const groups = new Map<string, { kind: NamespaceKind; prefix: string; entries: ListResponse[] }>();
  const personal = ns.personal[0]?.prefix ?? '';
  groups.set(`personal:${personal}`, { kind: 'personal', prefix: personal, entries: [] });
  for (const entry of list) {
    const home = namespaceOf(entry.path, ns);
    if (home.kind !== 'personal' && !entry.path.startsWith(home.prefix)) continue;
    if (home.kind === 'personal' && home.prefix && entry.path === home.prefix.slice(0, -1) && entry.path.toUpperCase() !== 'INBOX') continue;
    const key = `${home.kind}:${home.prefix}`;
    if (!groups.has(key)) groups.set(key, { kind: home.kind, prefix: home.prefix, entries: [] });
    groups.get(key)!.entries.push(entry);
  }
  const order: NamespaceKind[] = ['personal', 'other', 'shared'];
  return [...groups.values()]
    .filter((g) => g.kind === 'personal' || g.entries.length > 0)
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.prefix.localeCompare(b.prefix))
    .map((g) => ({ kind: g.kind, prefix: g.prefix, folders: buildMailboxTree(g.entries, { prefix: g.prefix, specialUse: g.kind === 'personal' }) }));
}

/**
 * The tree as the folder pane shows it by default: subscribed folders, Inbox, the one being shown (`current`), and
 * the parents of any of those (so a subscribed folder keeps its place). A namespace with no subscribed folder at all
 * is shown whole rather than empty: a server may keep no subscriptions for it (Dovecot's shared namespaces often
 * cannot), and a user who never subscribed would otherwise lose sight of it.
 */
export function subscribedOnly(sections: FolderSection[], current?: string): FolderSection[] {
  const keep = (n: MailboxNode) => n.subscribed || n.specialUse === 'inbox' || n.path === current;
  const anySubscribed = (nodes: MailboxNode[]): boolean => nodes.some((n) => (n.subscribed && n.specialUse !== 'inbox') || anySubscribed(n.children));
  const prune = (nodes: MailboxNode[]): MailboxNode[] =>
    nodes.flatMap((n) => {
      const children = prune(n.children);
      return keep(n) || children.length > 0 ? [{ ...n, children }] : [];
    });
  return sections.map((s) => (anySubscribed(s.folders) ? { ...s, folders: prune(s.folders) } : s));
}
