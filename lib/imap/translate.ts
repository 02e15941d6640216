// Pure translators from imapflow's shapes to Feather's neutral types. Unit-tested without a server.
import type { FetchMessageObject, ListResponse, MessageAddressObject, MessageStructureObject } from 'imapflow';
import type { MimeNode } from '@/lib/mime/types';
import type { Address, MailboxNode, MessageDetail, MessageEnvelope, MessageSummary, SpecialUse } from './types';
import { attachmentMark } from '@/lib/mime/plan';

const SPECIAL_USE: Record<string, SpecialUse> = {
  '\\Inbox': 'inbox',
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Trash': 'trash',
  '\\Junk': 'junk',
  '\\Archive': 'archive',
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

/** A list row: the envelope, the state flags, and the paperclip (from keywords, else from BODYSTRUCTURE). */
export function translateSummary(msg: FetchMessageObject): MessageSummary {
  const flags = msg.flags ?? new Set<string>();
  let hasAttachment: boolean | null = null;
  if (flags.has('$HasAttachment')) hasAttachment = true;
  else if (flags.has('$HasNoAttachment')) hasAttachment = false;
  else if (msg.bodyStructure) hasAttachment = attachmentMark(translateStructure(msg.bodyStructure));
  return {
    ...translateEnvelope(msg),
    seq: msg.seq,
    seen: flags.has('\\Seen'),
    flagged: flags.has('\\Flagged'),
    answered: flags.has('\\Answered'),
    hasAttachment,
  };
}

/** A message's own page: the envelope, every flag, and its structure when imapflow could parse it. */
export function translateDetail(folder: string, msg: FetchMessageObject): MessageDetail {
  return {
    ...translateEnvelope(msg),
    folder,
    flags: [...(msg.flags ?? [])],
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

/** Builds the folder tree from a flat LIST answer: special-use first (fixed order), the rest by name. */
export function buildMailboxTree(list: ListResponse[]): MailboxNode[] {
  const byPath = new Map<string, MailboxNode>();
  const roots: MailboxNode[] = [];
  // A parent the server did not list (e.g. only "Lists/News" exists) still appears, as a non-selectable node.
  const attach = (node: MailboxNode, parentPath: string, parentNames: string[], delimiter: string) => {
    if (!parentPath) {
      roots.push(node);
      return;
    }
    let parent = byPath.get(parentPath);
    if (!parent) {
      parent = { path: parentPath, displayName: parentNames[parentNames.length - 1] ?? parentPath, delimiter, selectable: false, children: [] };
      byPath.set(parentPath, parent);
      attach(parent, parentNames.slice(0, -1).join(delimiter), parentNames.slice(0, -1), delimiter);
    }
    parent.children.push(node);
  };
  const sorted = [...list].sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path));
  for (const entry of sorted) {
    const flags = entry.flags ?? new Set<string>();
    // imapflow fills specialUse only when it also ran LSUB; the LIST flags (RFC 6154) say the same on their own.
    const specialFlag = entry.specialUse ?? [...flags].find((f) => f in SPECIAL_USE);
    const special = entry.path.toUpperCase() === 'INBOX' ? 'inbox' : specialFlag ? SPECIAL_USE[specialFlag] : undefined;
    const node: MailboxNode = {
      path: entry.path,
      displayName: special ? FRIENDLY[special] : entry.name,
      delimiter: entry.delimiter,
      specialUse: special,
      selectable: !flags.has('\\Noselect') && !flags.has('\\NonExistent'),
      unseen: entry.status?.unseen,
      total: entry.status?.messages,
      children: [],
    };
    byPath.set(entry.path, node);
    attach(node, entry.parentPath, entry.parent ?? [], entry.delimiter);
  }
  const rank = (n: MailboxNode) => (n.specialUse ? SPECIAL_ORDER.indexOf(n.specialUse) : SPECIAL_ORDER.length);
  const sortLevel = (nodes: MailboxNode[]) => {
    nodes.sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName));
    nodes.forEach((n) => sortLevel(n.children));
  };
  sortLevel(roots);
  return roots;
}
