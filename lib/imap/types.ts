// Plain objects that lib/imap hands to the rest of the app. No imapflow types leak past lib/imap.
import type { Address, MimeNode } from '@/lib/mime/types';

export type { Address };

export type SpecialUse = 'inbox' | 'drafts' | 'sent' | 'trash' | 'junk' | 'archive';

export interface MailboxNode {
  /** Full path as the server names it, decoded to Unicode (imapflow handles modified UTF-7). */
  path: string;
  /** What the user sees: friendly for special-use folders, else the last path segment. */
  displayName: string;
  delimiter: string;
  specialUse?: SpecialUse;
  /** False for \Noselect / \NonExistent nodes: shown, but not a link. */
  selectable: boolean;
  unseen?: number;
  total?: number;
  /** Whether the user subscribed to it (LIST RETURN (SUBSCRIBED), or LSUB): the tree shows those by default. */
  subscribed?: boolean;
  /** \Noinferiors: no folder can be made inside it. */
  noInferiors?: boolean;
  children: MailboxNode[];
}

/** A namespace (RFC 2342): the prefix its folders' paths begin with, and its hierarchy delimiter. */
export interface Namespace {
  prefix: string;
  delimiter: string;
}

/** The user's own folders, other users' folders shared with them, and folders shared with everyone. */
export interface Namespaces {
  personal: Namespace[];
  other: Namespace[];
  shared: Namespace[];
}

export type NamespaceKind = keyof Namespaces;

/** One part of the folder tree: the user's own folders first, then each other namespace that has folders. */
export interface FolderSection {
  kind: NamespaceKind;
  /** The namespace's prefix ("" for the personal one at the top), to tell two sections of a kind apart. */
  prefix: string;
  folders: MailboxNode[];
}

/** What the envelope and the FETCH items say about a message, the same for its list row and its own page. */
export interface MessageEnvelope {
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** ISO date: the Date header if sane, else INTERNALDATE (when the message reached the server). */
  date: string | null;
  size: number;
}

/** A message list row: what the row shows, no more (no recipients, no size: the message's page has those). */
export interface MessageSummary {
  uid: number;
  subject: string;
  from: Address[];
  /** ISO date: the Date header if sane, else INTERNALDATE (when the message reached the server). */
  date: string | null;
  seq: number;
  /** A short text preview computed by the server (IMAP PREVIEW, RFC 8970), when it offers one; never a body fetch. */
  preview?: string;
  /** Forwarded ($Forwarded keyword). */
  forwarded?: boolean;
  seen: boolean;
  flagged: boolean;
  answered: boolean;
  /** Marked \Deleted (in the Trash, or by another client): shown struck through until expunged. */
  deleted?: boolean;
  /** The user's labels: IMAP keywords (not system flags, not $-keywords), as stored on the server. */
  labels?: string[];
  /** Null when the structure was not available (the server or parser gave none). */
  hasAttachment: boolean | null;
  /** In the conversation view, the row stands for its conversation (this is its newest message): its size, its unread. */
  conversation?: { count: number; unread: number; /** Its messages' UIDs, as a sequence set. */ uids: string };
}

export interface MessagePage {
  folder: string;
  /** Messages in the folder (EXISTS). */
  total: number;
  page: number;
  pageCount: number;
  uidValidity: string;
  /**
   * The UID the next message will get (UIDNEXT): every message the page could know of is below it, so a
   * folder-wide action bounded by it never touches one that arrived after the page was made.
   */
  uidNext: number;
  /** Newest first. */
  messages: MessageSummary[];
  /** For the results of a search: how much of the folder it went through. */
  coverage?: SearchCoverage;
  /** The order the rows are in; the order asked for, unless the server cannot sort so (then `unsorted`). */
  order: SortOrder;
  /** The order asked for, when the server could not list the folder in it (no SORT, or a big folder without ESORT). */
  unsorted?: SortOrder;
  /**
   * The conversation view: a row per conversation, `total` and the pages counting conversations; `covered` is how
   * many of the folder's newest messages the server threaded (all of them, up to 20,000).
   */
  conversations?: { covered: number; messages: number };
  /** The conversation view was asked for, but the server cannot thread (no THREAD=REFERENCES): the plain list. */
  unthreaded?: true;
}

export interface MessageDetail extends MessageEnvelope {
  folder: string;
  /** The folder's UIDVALIDITY when the message was read: actions on it name the message by UID under this. */
  uidValidity?: string;
  /** The folder's name for people: "Inbox", "Projects / Feather", without the namespace prefix. */
  folderName: string;
  flags: string[];
  /** The user's labels among the flags (see MessageSummary.labels). */
  labels: string[];
  /** Null when no BODYSTRUCTURE could be had (the view then falls back to raw text). */
  structure: MimeNode | null;
}

/** A row of a list, and the list page it is on. */
export interface ListPosition {
  uid: number;
  page: number;
}

/**
 * Where an open message stands in the list it was opened from (the folder, or a search in it; newest first, as the
 * list shows it): its page, and the rows just above (`previous`, newer) and below (`next`, older).
 */
export interface ListPlace {
  page: number;
  previous?: ListPosition;
  next?: ListPosition;
}

/**
 * What the user searched for. Every criterion given must hold (AND). `text` is the search box: subject, sender and
 * recipients, and with `body` the message text as well; the rest come from the advanced search form.
 */
export interface SearchTerms {
  /** The search box; '' when only other criteria are given. */
  text: string;
  /** Whether the search box's words are looked for in the message text too. */
  body: boolean;
  /** Messages with this label (`SEARCH KEYWORD`). */
  label?: string;
  from?: string;
  to?: string;
  cc?: string;
  subject?: string;
  /** Words in the body only (`BODY`). */
  bodyText?: string;
  /** Words anywhere in the message, headers included (`TEXT`). */
  anyText?: string;
  /** Arrived on or after this day (`SINCE`), YYYY-MM-DD. */
  since?: string;
  /** Arrived before this day (`BEFORE`), YYYY-MM-DD. */
  before?: string;
  unread?: boolean;
  flagged?: boolean;
  answered?: boolean;
  /** Larger / smaller than this many bytes, as stored (`LARGER`, `SMALLER`). */
  larger?: number;
  smaller?: number;
  /**
   * Which messages were searched, by UID: those below `below` (absent: up to the newest) and from `down` on
   * (absent: as far down as the time for one page of results allows; see lib/imap/search.ts).
   */
  below?: number;
  down?: number;
  /** Every folder, not only the one shown ("All folders"). */
  everywhere?: boolean;
}

/** The results of a search of every folder: a group per folder that has matches, its newest few, in folder order. */
export interface EverywhereResults {
  groups: Array<{
    folder: string;
    /** The folder's name for people (Inbox, Projects / Feather). */
    name: string;
    uidValidity: string;
    /** Matches found in the folder (within `coverage`). */
    total: number;
    coverage: SearchCoverage;
    /** The newest matches, newest first (the group's first page is the folder's own search). */
    messages: MessageSummary[];
  }>;
  /** Folders searched (with matches or not). */
  searched: number;
  /** Folders left unsearched when the time for one page ran out, in order. */
  notSearched: Array<{ folder: string; name: string }>;
}

/** The orders a list can be in: `arrival` is the folder's own order; the others are sorted by the server (SORT). */
export type SortKey = 'arrival' | 'date' | 'from' | 'subject' | 'size';

export interface SortOrder {
  key: SortKey;
  /** Newest, largest, Z first. */
  descending: boolean;
}

/** How much of the folder a search went through: all of it, or the newest messages down to a point. */
export interface SearchCoverage {
  /** The messages searched (the window's size). */
  searched: number;
  /** True when the window reaches the folder's oldest message: nothing older is left to search. */
  complete: boolean;
  /** The UID of the oldest message searched: results pages carry it, and "Search older messages" starts below it. */
  down?: number;
  /** When the oldest message searched arrived (ISO), to say how far back the search went. */
  downDate?: string;
}
