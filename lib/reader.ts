import 'server-only';
// Builds what the message view shows: one IMAP round of structure + only the chosen parts, decoded and sanitized.
import { convert } from 'html-to-text';
import { openMessage, pool, type Account, type MessageDetail } from '@/lib/imap';
import { decodePart } from '@/lib/mime/decode';
import { findPartByContentId, planBody } from '@/lib/mime/plan';
import { sanitizeMailHtml } from '@/lib/mime/sanitize';
import type { AttachmentRef, BodyPlan, PartRef } from '@/lib/mime/types';

/** How much of a body part is fetched at first; "Show the rest" fetches up to FULL_BODY_BYTES. */
export const FIRST_BODY_BYTES = 64 * 1024;
export const FULL_BODY_BYTES = 8 * 1024 * 1024;
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

export interface ReadOptions {
  preferText: boolean;
  showImages: boolean;
  full: boolean;
  /** The folder's UIDVALIDITY the link was made with, when it has one. */
  uidValidity?: string;
}

export interface BodyView {
  kind: 'text' | 'html' | 'none';
  /** Plain text (kind text) or sanitized HTML (kind html). */
  content: string;
  /** Only part of the body was fetched. */
  truncated: boolean;
  blockedImages: number;
  /** The text was converted from HTML on the server (text-only mode, no text alternative). */
  convertedFromHtml: boolean;
  /** There is an alternative of the other kind the user can switch to. */
  hasAlternative: boolean;
}

export interface EmbeddedView {
  section: string;
  subject?: string;
  from?: string;
  date?: string;
  body: BodyView;
  attachments: AttachmentRef[];
}

export interface MessageView {
  detail: MessageDetail;
  body: BodyView;
  /** Listed for download: everything except the inline images an HTML body shows in place. */
  attachments: AttachmentRef[];
  embedded: EmbeddedView[];
}

export type PartUrl = (section: string, opts?: { inline?: boolean }) => string;

interface Wanted {
  section: string;
  maxBytes: number;
}

function wantedFor(plan: BodyPlan, maxBytes: number, depth = 0): Wanted[] {
  const own = plan.body ? [{ section: plan.body.section, maxBytes }] : [];
  if (depth > 0) return own;
  return [...own, ...plan.embedded.slice(0, MAX_EMBEDDED_SHOWN).flatMap((e) => wantedFor(e.plan, maxBytes, depth + 1))];
}

function renderBody(part: PartRef | null, raw: Buffer | undefined, plan: BodyPlan, opts: ReadOptions, maxBytes: number, partUrl: PartUrl): BodyView {
  const empty: BodyView = { kind: 'none', content: '', truncated: false, blockedImages: 0, convertedFromHtml: false, hasAlternative: plan.alternative !== null };
  if (!part || !raw) return empty;
  const truncated = part.size > maxBytes && raw.length >= maxBytes;
  const decoded = decodePart(raw, part.encoding, part.charset, { truncated });
  const hasAlternative = plan.alternative !== null;
  if (part.type !== 'text/html') return { ...empty, kind: 'text', content: decoded, truncated, hasAlternative };
  if (opts.preferText) {
    // Text-only mode with no text alternative: convert on the server, links kept as footnotes.
    const text = convert(decoded, HTML_TO_TEXT);
    return { ...empty, kind: 'text', content: text, truncated, convertedFromHtml: true, hasAlternative };
  }
  const { html, blockedImages } = sanitizeMailHtml(decoded, {
    showRemoteImages: opts.showImages,
    resolveCid: (cid) => {
      const a = findPartByContentId(plan, cid);
      return a ? partUrl(a.section, { inline: true }) : null;
    },
  });
  return { ...empty, kind: 'html', content: html, truncated, blockedImages, hasAlternative };
}

/** Opens and marks \Seen one message and renders its body; only the chosen parts cross the wire. */
export async function readMessage(account: Account, folder: string, uid: number, opts: ReadOptions, partUrl: PartUrl): Promise<MessageView> {
  const maxBytes = opts.full ? FULL_BODY_BYTES : FIRST_BODY_BYTES;
  let plan: BodyPlan | null = null;
  const { detail, sections } = await openMessage(
    pool(),
    account,
    folder,
    uid,
    (d) => {
      if (!d.structure) return [{ section: 'TEXT', maxBytes }];
      plan = planBody(d.structure, { preferText: opts.preferText });
      return wantedFor(plan, maxBytes);
    },
    { markSeen: true, uidValidity: opts.uidValidity },
  );
  if (!plan) {
    // No structure to go by (the parser gave up on it): show the raw body text rather than nothing.
    const raw = sections.get('TEXT');
    const body: BodyView = { kind: raw ? 'text' : 'none', content: raw ? decodePart(raw, undefined, undefined, { truncated: raw.length >= maxBytes }) : '', truncated: !!raw && raw.length >= maxBytes, blockedImages: 0, convertedFromHtml: false, hasAlternative: false };
    return { detail, body, attachments: [], embedded: [] };
  }
  const p: BodyPlan = plan;
  const shownHtml = p.body?.type === 'text/html' && !opts.preferText;
  return {
    detail,
    body: renderBody(p.body, p.body ? sections.get(p.body.section) : undefined, p, opts, maxBytes, partUrl),
    attachments: p.attachments.filter((a) => !(a.inline && shownHtml)),
    embedded: p.embedded.slice(0, MAX_EMBEDDED_SHOWN).map((e) => {
      const eHtml = e.plan.body?.type === 'text/html' && !opts.preferText;
      return {
        section: e.section,
        subject: e.subject,
        from: e.from,
        date: e.date,
        body: renderBody(e.plan.body, e.plan.body ? sections.get(e.plan.body.section) : undefined, e.plan, opts, maxBytes, partUrl),
        attachments: e.plan.attachments.filter((a) => !(a.inline && eHtml)),
      };
    }),
  };
}
