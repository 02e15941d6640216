import 'server-only';
// Builds what the message view shows: one IMAP round of structure + only the chosen parts, decoded and sanitized;
// and, when asked, the message's header section for "Show all headers".
import { convert } from 'html-to-text';
import { openMessage, pool, type Account, type Address, type ListPlace, type MessageDetail, type SearchTerms, type SortOrder } from '@/lib/imap';
import { fromFlowed } from '@/lib/mime/compose';
import { decodePart, parseHeaderBlock } from '@/lib/mime/decode';
import { decodedSize } from '@/lib/mime/format';
import { carriedParts, findPart, findPartByContentId, planBody, type CarriedPart } from '@/lib/mime/plan';
import { sanitizeMailHtml } from '@/lib/mime/sanitize';
import { FIXED_TEXT, textBlocks, type TextBlock, type TextFormat } from '@/lib/mime/text';
import type { AttachmentRef, BodyPlan, MimeNode, PartRef } from '@/lib/mime/types';
import { messageParamsUrl, partUrl, type MessageParams } from '@/lib/urls';
import { attempt, signInAgainIfNeeded, type Attempt } from './attempt';
import type { SignedIn } from './account';

/** How much of a body part is fetched at first; "Show the rest" fetches up to FULL_BODY_BYTES. */
export const FIRST_BODY_BYTES = 64 * 1024;
export const FULL_BODY_BYTES = 8 * 1024 * 1024;
/** The header section is fetched up to this much for "Show all headers" (parseHeaderBlock keeps 1,000 lines). */
const HEADER_BYTES = 256 * 1024;
/** Forwarded messages shown inline at most; the rest stay downloadable attachments. */
const MAX_EMBEDDED_SHOWN = 5;

// Headings keep their case (html-to-text shouts them by default); images are skipped; links become footnotes.
const HTML_TO_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
};

interface ReadOptions {
  preferText: boolean;
  showImages: boolean;
  full: boolean;
  /** Fetch the header section too ("Show all headers"), in the same FETCH as the body. */
  headers: boolean;
  /** The folder's UIDVALIDITY the link was made with, when it has one. */
  uidValidity?: string;
  /** The list it was opened from (the folder, or a search in it): its place there is looked up too. */
  list: { search?: SearchTerms; order?: SortOrder; page?: number };
}

export type { TextBlock, TextSegment } from '@/lib/mime/text';

interface BodyBase {
  /** Only part of the body was fetched. */
  truncated: boolean;
  blockedImages: number;
}

/** The shown body: plain text as blocks to lay out, sanitized HTML, or nothing to show. */
export type BodyView =
  | (BodyBase & {
      kind: 'text';
      /** The text as decoded. */
      content: string;
      /** The same text as paragraphs, nested quotes and links (lib/mime/text: format=flowed undone). */
      blocks: TextBlock[];
    })
  | (BodyBase & { kind: 'html'; /** Sanitized HTML. */ content: string })
  | (BodyBase & { kind: 'none'; content: '' });

export interface EmbeddedView {
  section: string;
  subject?: string;
  from: Address[];
  date?: string;
  body: BodyView;
  attachments: AttachmentRef[];
}

export interface MessageView {
  detail: MessageDetail;
  /** Its place in the list it was opened from, for "Previous message", "Next message" and "Back". */
  place?: ListPlace;
  body: BodyView;
  /**
   * Listed for download: everything except the inline images an HTML body shows in place; each `size` is what the
   * download will be (decodedSize: base64 is about 3/4 of what the server stores), not the stored size.
   */
  attachments: AttachmentRef[];
  embedded: EmbeddedView[];
  /** Every header line as sent, when "Show all headers" asked for them (BODY.PEEK[HEADER]), else null. */
  headers: HeaderLine[] | null;
}

/** One header line of the message as sent (order and spelling kept), for "Show all headers". */
export interface HeaderLine {
  name: string;
  value: string;
}

type PartUrl = (section: string, opts?: { inline?: boolean }) => string;

interface Wanted {
  section: string;
  maxBytes: number;
}

function wantedFor(plan: BodyPlan, maxBytes: number, depth = 0): Wanted[] {
  const own = plan.body ? [{ section: plan.body.section, maxBytes }] : [];
  if (depth > 0) return own;
  return [...own, ...plan.embedded.slice(0, MAX_EMBEDDED_SHOWN).flatMap((e) => wantedFor(e.plan, maxBytes, depth + 1))];
}

const NO_BODY: BodyView = { kind: 'none', content: '', truncated: false, blockedImages: 0 };

/** A text body: the text and its blocks. Text made from HTML, or without format=flowed, is fixed text. */
function textBody(content: string, format: TextFormat, truncated: boolean): BodyView {
  return { kind: 'text', content, blocks: textBlocks(content, format), truncated, blockedImages: 0 };
}

/** The attachments as listed: their sizes as the downloads will be (the plan keeps the sizes as stored). */
function listed(root: MimeNode | null, attachments: AttachmentRef[]): AttachmentRef[] {
  return attachments.map((a) => ({ ...a, size: decodedSize(a.size, root ? findPart(root, a.section)?.encoding : undefined) }));
}

function renderBody(part: PartRef | null, raw: Buffer | undefined, plan: BodyPlan, opts: ReadOptions, maxBytes: number, partUrl: PartUrl): BodyView {
  if (!part || !raw) return NO_BODY;
  const truncated = part.size > maxBytes && raw.length >= maxBytes;
  const decoded = decodePart(raw, part.encoding, part.charset, { truncated });
  if (part.type !== 'text/html') return textBody(decoded, part.flowed ? { flowed: true, delSp: part.flowed.delSp } : FIXED_TEXT, truncated);
  // Text-only mode with no text alternative: convert on the server (fixed text), links kept as footnotes.
  if (opts.preferText) return textBody(htmlAsText(decoded), FIXED_TEXT, truncated);
  const { html, blockedImages } = sanitizeMailHtml(decoded, {
    showRemoteImages: opts.showImages,
    resolveCid: (cid) => {
      const a = findPartByContentId(plan, cid);
      return a ? partUrl(a.section, { inline: true }) : null;
    },
  });
  return { kind: 'html', content: html, truncated, blockedImages };
}

/** Opens and marks \Seen one message and renders its body; only the chosen parts cross the wire. */
async function readMessage(account: Account, folder: string, uid: number, opts: ReadOptions): Promise<MessageView> {
  const maxBytes = opts.full ? FULL_BODY_BYTES : FIRST_BODY_BYTES;
  const partLink: PartUrl = (section, o) => partUrl(folder, uid, section, { ...o, uidValidity: opts.uidValidity });
  let plan: BodyPlan | null = null;
  const { detail, sections, place } = await openMessage(
    pool(),
    account,
    folder,
    uid,
    (d) => {
      const header = opts.headers ? [{ section: 'HEADER', maxBytes: HEADER_BYTES }] : [];
      if (!d.structure) return [{ section: 'TEXT', maxBytes }, ...header];
      plan = planBody(d.structure, { preferText: opts.preferText });
      return [...wantedFor(plan, maxBytes), ...header];
    },
    { markSeen: true, uidValidity: opts.uidValidity, list: opts.list },
  );
  const headerBlock = sections.get('HEADER');
  const headers = opts.headers ? (headerBlock ? parseHeaderBlock(headerBlock) : []) : null;
  if (!plan) {
    // No structure to go by (the parser gave up on it): show the raw body text rather than nothing.
    const raw = sections.get('TEXT');
    const truncated = !!raw && raw.length >= maxBytes;
    const body: BodyView = raw ? textBody(decodePart(raw, undefined, undefined, { truncated }), FIXED_TEXT, truncated) : NO_BODY;
    return { detail, place, body, attachments: [], embedded: [], headers };
  }
  const p: BodyPlan = plan;
  const shownHtml = p.body?.type === 'text/html' && !opts.preferText;
  return {
    detail,
    place,
    body: renderBody(p.body, p.body ? sections.get(p.body.section) : undefined, p, opts, maxBytes, partLink),
    attachments: listed(detail.structure, p.attachments.filter((a) => !(a.inline && shownHtml))),
    embedded: p.embedded.slice(0, MAX_EMBEDDED_SHOWN).map((e) => {
      const eHtml = e.plan.body?.type === 'text/html' && !opts.preferText;
      return {
        section: e.section,
        subject: e.subject,
        from: e.from,
        date: e.date,
        body: renderBody(e.plan.body, e.plan.body ? sections.get(e.plan.body.section) : undefined, e.plan, opts, maxBytes, partLink),
        attachments: listed(detail.structure, e.plan.attachments.filter((a) => !(a.inline && eHtml))),
      };
    }),
    headers,
  };
}

/**
 * A message page: the message (marked \Seen), in the user's Text only preference, with its header lines when
 * asked for, all in one IMAP round. A refused sign-in goes to the sign-in form and comes back here.
 */
export async function messageView(user: SignedIn, m: MessageParams & { uid: number }): Promise<Attempt<MessageView>> {
  const opts: ReadOptions = { preferText: user.prefs.textOnly, showImages: m.images, full: m.full, headers: m.headers, uidValidity: m.uidValidity, list: { search: m.list.search, order: m.list.order, page: m.list.page } };
  const message = await attempt(() => readMessage(user, m.folder, m.uid, opts));
  signInAgainIfNeeded([message], messageParamsUrl(m));
  return message;
}

/** What a reply or a forward is made from: the original's people, subject, ids and its text (never its HTML when it has text). */
export interface ReplySource {
  folder: string;
  uid: number;
  uidValidity?: string;
  from: Address[];
  to: Address[];
  cc: Address[];
  /** Its Reply-To field as written, if it has one. */
  replyTo?: string;
  subject: string;
  date: string | null;
  messageId?: string;
  references: string[];
  /** Its text part as written (format=flowed undone), or its HTML converted to text when it has no text part. */
  text: string;
  /** Its files and forwarded messages, which a forward carries on (from the server, where they stay). */
  attachments: CarriedPart[];
}

/** HTML mail as plain text (html-to-text; links kept as footnotes): for text-only reading, quoting and editing. */
export function htmlAsText(html: string): string {
  return convert(html, HTML_TO_TEXT);
}

/** Quoted text is taken from the first 256 KB of the original's text. */
const QUOTE_BYTES = 256 * 1024;

/**
 * Reads what a reply or forward needs: the envelope, the header fields for threading (Message-ID, References,
 * Reply-To) and the text part, all in one FETCH, the original left unread if it was (BODY.PEEK).
 */
export async function replySource(user: SignedIn, at: { folder: string; uid: number; uidValidity?: string }): Promise<Attempt<ReplySource>> {
  return attempt(async () => {
    let plan: BodyPlan | null = null;
    let root: MimeNode | null = null;
    const { detail, sections } = await openMessage(
      pool(),
      user,
      at.folder,
      at.uid,
      (d) => {
        const header = { section: 'HEADER', maxBytes: HEADER_BYTES };
        if (!d.structure) return [{ section: 'TEXT', maxBytes: QUOTE_BYTES }, header];
        root = d.structure;
        plan = planBody(d.structure, { preferText: true });
        return plan.body ? [{ section: plan.body.section, maxBytes: QUOTE_BYTES }, header] : [header];
      },
      { markSeen: false, uidValidity: at.uidValidity },
    );
    const headers = parseHeaderBlock(sections.get('HEADER') ?? Buffer.alloc(0));
    const field = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value.trim() || undefined;
    const p = plan as BodyPlan | null;
    const structure = root as MimeNode | null;
    const part = p?.body;
    const raw = part ? sections.get(part.section) : sections.get('TEXT');
    let text = '';
    if (raw && part) {
      const decoded = decodePart(raw, part.encoding, part.charset, { truncated: raw.length >= QUOTE_BYTES });
      text = part.type === 'text/html' ? htmlAsText(decoded) : part.flowed ? fromFlowed(decoded) : decoded;
    } else if (raw) text = decodePart(raw, undefined, undefined);
    return {
      folder: at.folder,
      uid: at.uid,
      uidValidity: detail.uidValidity,
      from: detail.from,
      to: detail.to,
      cc: detail.cc,
      replyTo: field('reply-to'),
      subject: detail.subject,
      date: detail.date,
      messageId: field('message-id'),
      references: (field('references') ?? '').split(/\s+/).filter((r) => /^<[^<>\s]+>$/.test(r)),
      text: text.replace(/\r\n?/g, '\n').replace(/\n+$/, ''),
      attachments: p && structure ? carriedParts(structure, p, { forward: true }) : [],
    };
  });
}
