// Deciding, from a BODYSTRUCTURE alone, which part to fetch and show, and what to offer
// for download. Pure: no I/O, no knowledge of imapflow.
//
// Section numbers are computed here from the tree's shape (RFC 3501 §6.4.5), never stored
// in the tree, so that planBody and findPart always agree:
//   - a multipart's children are <prefix>.1, <prefix>.2 … (just "1", "2" … at the top);
//   - a non-multipart message body is <prefix>.1 ("1" for a single-part message);
//   - the body of a message/rfc822 at section S is numbered with prefix S.

import type { AttachmentRef, BodyPlan, MimeNode, PartRef } from './types';
import libmime from 'libmime';
import { decodedSize, safeFilename } from './format';
import { MAX_DEPTH, isSectionNumber } from './section';
/** At most this many nodes are looked at per message (embedded messages included). */
export const MAX_PARTS = 500;

export interface PlanOptions {
  /** Prefer text/plain over text/html in multipart/alternative. */
  preferText: boolean;
}

interface Chosen {
  ref: PartRef;
  node: MimeNode;
}

/** A plan under construction; keeps the chosen nodes so a losing body can become an attachment. */
interface Draft {
  body: Chosen | null;
  alternative: Chosen | null;
  attachments: AttachmentRef[];
  embedded: BodyPlan['embedded'];
}

interface Ctx {
  preferText: boolean;
  /** Nodes still allowed to be visited; shared by the whole message. */
  remaining: number;
}

const SIGNATURE_TYPES = new Set([
  'application/pgp-signature',
  'application/pkcs7-signature',
  'application/x-pkcs7-signature',
]);

/** Plan what to show for a message whose BODYSTRUCTURE is `root`. Never throws on odd trees. */
export function planBody(root: MimeNode, opts: PlanOptions): BodyPlan {
  const ctx: Ctx = { preferText: opts.preferText, remaining: MAX_PARTS };
  return finish(planMessage(root, '', 0, ctx));
}

/**
 * The Content-ID lookup used to serve `cid:` references of the plan's HTML body.
 * Accepts "cid:x", "<x>" or "x"; `cid:` URLs may be percent-encoded (RFC 2392).
 * Only this plan's own parts are searched: an embedded message's HTML uses its own plan.
 */
export function findPartByContentId(plan: BodyPlan, cid: string): AttachmentRef | undefined {
  const wanted = normalizeCid(cid);
  if (!wanted) return undefined;
  const withId = plan.attachments.filter((a) => a.contentId);
  return (
    withId.find((a) => normalizeCid(a.contentId) === wanted) ??
    // Local parts are case-sensitive in theory; in practice clients disagree on case.
    withId.find((a) => normalizeCid(a.contentId).toLowerCase() === wanted.toLowerCase())
  );
}

/**
 * The node at an IMAP section ("1", "2.1.3"), numbered as planBody numbers them.
 * Returns undefined for malformed or non-existent sections.
 */
export function findPart(root: MimeNode, section: string): MimeNode | undefined {
  if (!isSectionNumber(section)) return undefined;
  const steps = section.split('.').map(Number);

  let node: MimeNode = root;
  // True while `node` is the body of a message (the root, or a message/rfc822's child):
  // a single-part body is then addressed as ".1" of that message.
  let isMessageBody = true;
  let i = 0;
  // Each pass either consumes a step or descends into a message/rfc822, so this terminates.
  for (let guard = 0; i < steps.length && guard < steps.length * 2 + 2; guard++) {
    const step = steps[i];
    if (isMultipart(node)) {
      const child = childrenOf(node)[step - 1];
      if (!child) return undefined;
      node = child;
      isMessageBody = false;
      i++;
    } else if (isMessageBody) {
      if (step !== 1) return undefined;
      isMessageBody = false;
      i++;
    } else if (isMessage(typeOf(node))) {
      const inner = childrenOf(node)[0];
      if (!inner) return undefined;
      node = inner;
      isMessageBody = true; // the same step now addresses a part of the embedded message
    } else {
      return undefined;
    }
  }
  return i === steps.length ? node : undefined;
}

/** What a download of the part at `section` is: its name, type, size and encoding; undefined if no such part. */
export function describePart(root: MimeNode, section: string): (AttachmentRef & { encoding: string; charset?: string; flowed: boolean }) | undefined {
  const node = findPart(root, section);
  if (!node || typeOf(node).startsWith('multipart/')) return undefined;
  return {
    ...attachmentRef(node, section, false),
    encoding: (node.encoding ?? '7bit').trim().toLowerCase() || '7bit',
    charset: param(node, 'charset'),
    flowed: (param(node, 'format') ?? '').toLowerCase() === 'flowed',
  };
}

/**
 * Whether the message list should show a paperclip: at least one part the user would
 * call an attachment. Inline resources of the HTML (cid images), signatures of
 * multipart/signed and extra unnamed inline text parts (e.g. mailing-list footers)
 * do not count; a forwarded message/rfc822 does.
 */
export function attachmentMark(root: MimeNode): boolean {
  const plan = planBody(root, { preferText: false });
  return plan.attachments.some((a) => {
    if (a.inline) return false;
    const type = a.type.toLowerCase();
    if (SIGNATURE_TYPES.has(type)) return false;
    const node = findPart(root, a.section);
    if (node && isExtraInlineText(node)) return false;
    return true;
  });
}

// ---------------------------------------------------------------------------

function emptyDraft(): Draft {
  return { body: null, alternative: null, attachments: [], embedded: [] };
}

function finish(d: Draft): BodyPlan {
  return {
    body: d.body?.ref ?? null,
    alternative: d.alternative?.ref ?? null,
    attachments: d.attachments,
    embedded: d.embedded,
  };
}

function join(prefix: string, n: number): string {
  return prefix ? `${prefix}.${n}` : String(n);
}

function typeOf(node: MimeNode): string {
  const t = typeof node?.type === 'string' ? node.type.trim().toLowerCase() : '';
  return t.includes('/') ? t : 'application/octet-stream';
}

function isMultipart(node: MimeNode): boolean {
  return typeOf(node).startsWith('multipart/');
}

function isMessage(type: string): boolean {
  return type === 'message/rfc822' || type === 'message/global';
}

function childrenOf(node: MimeNode): MimeNode[] {
  return Array.isArray(node.childNodes) ? node.childNodes.filter((c) => c && typeof c === 'object') : [];
}

function param(node: MimeNode, key: string): string | undefined {
  const v = node.parameters?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function dispParam(node: MimeNode, key: string): string | undefined {
  const v = node.dispositionParameters?.[key];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function normalizeCid(cid: string | undefined): string {
  let s = (cid ?? '').trim().replace(/^cid:/i, '').trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  try {
    s = decodeURIComponent(s);
  } catch {
    // not percent-encoded after all
  }
  return s;
}

/** text/plain or text/html that is not explicitly an attachment. */
function isDisplayableText(node: MimeNode): boolean {
  const type = typeOf(node);
  return (type === 'text/plain' || type === 'text/html') && node.disposition?.toLowerCase() !== 'attachment';
}

/** A further inline, unnamed text part of a multipart/mixed (not something the sender attached). */
function isExtraInlineText(node: MimeNode): boolean {
  return isDisplayableText(node) && !dispParam(node, 'filename') && !param(node, 'name');
}

function partRef(node: MimeNode, section: string): PartRef {
  return {
    section,
    type: typeOf(node),
    // RFC 2045's default; decodePart treats it as "UTF-8 if valid, else Windows-1252".
    charset: param(node, 'charset') ?? 'us-ascii',
    encoding: (node.encoding ?? '7bit').trim().toLowerCase() || '7bit',
    size: typeof node.size === 'number' && node.size > 0 ? node.size : 0,
    ...(typeOf(node) === 'text/plain' && param(node, 'format')?.toLowerCase() === 'flowed' ? { flowed: { delSp: param(node, 'delsp')?.toLowerCase() === 'yes' } } : {}),
  };
}

function attachmentRef(node: MimeNode, section: string, inline: boolean): AttachmentRef {
  const type = typeOf(node);
  const contentId = node.id ? normalizeCid(node.id) || undefined : undefined;
  return {
    section,
    filename: filenameFor(node, section, type),
    type,
    size: typeof node.size === 'number' && node.size > 0 ? node.size : 0,
    ...(contentId ? { contentId } : {}),
    inline,
  };
}

/** Disposition filename, else Content-Type name, else subject.eml / part-<section>.<ext>. */
function filenameFor(node: MimeNode, section: string, type: string): string {
  const given = dispParam(node, 'filename') ?? param(node, 'name');
  if (given) {
    const safe = safeFilename(given);
    if (safe !== 'attachment' || given.trim() === 'attachment') return safe;
  }
  if (isMessage(type)) {
    const subject = node.embedded?.subject?.trim();
    if (subject) return safeFilename(`${subject.slice(0, 150)}.eml`);
    return `part-${section}.eml`;
  }
  return `part-${section}.${extensionFor(type)}`;
}

function extensionFor(type: string): string {
  const ext = libmime.detectExtension(type);
  return /^[a-z0-9]{1,8}$/i.test(ext) ? ext : 'bin';
}

function merge(into: Draft, from: Draft): void {
  into.attachments.push(...from.attachments);
  into.embedded.push(...from.embedded);
}

/** A message body (the root, or an embedded message's body) whose sections start with `prefix`. */
function planMessage(node: MimeNode, prefix: string, depth: number, ctx: Ctx): Draft {
  return visit(node, isMultipart(node) ? prefix : join(prefix, 1), depth, ctx);
}

/**
 * Plan one node. For a multipart, `section` is the prefix of its children's sections
 * (empty for the top-level multipart); for anything else it is the part's own section.
 */
function visit(node: MimeNode, section: string, depth: number, ctx: Ctx): Draft {
  // Past the limits nothing is offered: a hostile tree gets a truncated plan, not a crash.
  if (!node || typeof node !== 'object' || depth > MAX_DEPTH || ctx.remaining <= 0) return emptyDraft();
  ctx.remaining--;

  const type = typeOf(node);
  if (type.startsWith('multipart/')) {
    const children = childrenOf(node);
    if (type === 'multipart/alternative') return planAlternative(children, section, depth, ctx);
    if (type === 'multipart/related') return planRelated(node, children, section, depth, ctx);
    // mixed, and any other multipart (signed, report, digest, parallel, unknown) is read as mixed.
    return planMixed(children, section, depth, ctx);
  }

  const draft = emptyDraft();
  if (isDisplayableText(node)) {
    draft.body = { ref: partRef(node, section), node };
    return draft;
  }

  draft.attachments.push(attachmentRef(node, section, false));
  if (isMessage(type)) {
    const inner = childrenOf(node)[0];
    if (inner) {
      const sub = planMessage(inner, section, depth + 1, ctx);
      draft.embedded.push({ section, subject: node.embedded?.subject, from: node.embedded?.from ?? [], date: node.embedded?.date, plan: finish(sub) });
    }
  }
  return draft;
}

/** Visit children in order until the part budget runs out. */
function visitChildren(children: MimeNode[], prefix: string, depth: number, ctx: Ctx): Draft[] {
  const subs: Draft[] = [];
  for (let i = 0; i < children.length && ctx.remaining > 0; i++) {
    subs.push(visit(children[i], join(prefix, i + 1), depth + 1, ctx));
  }
  return subs;
}

/**
 * multipart/alternative: the same content in several forms. Per RFC 2046 the last form
 * we understand wins, by kind: the last text/html (a related(html + images) counts as html)
 * unless preferText and a text/plain exists. The other kind becomes `alternative`.
 * Resources and attachments of both the shown and the alternative form are kept (the user
 * can switch); forms we do not understand (text/calendar …) are offered as attachments;
 * other duplicate forms of a kind we already chose are dropped.
 */
function planAlternative(children: MimeNode[], prefix: string, depth: number, ctx: Ctx): Draft {
  const subs = visitChildren(children, prefix, depth, ctx);
  let html: Draft | undefined;
  let plain: Draft | undefined;
  for (const sub of subs) {
    if (sub.body?.ref.type === 'text/html') html = sub;
    else if (sub.body?.ref.type === 'text/plain') plain = sub;
  }
  const chosen = ctx.preferText && plain ? plain : (html ?? plain);
  const other = chosen === plain ? html : plain;

  const draft = emptyDraft();
  if (chosen) {
    draft.body = chosen.body;
    draft.alternative = other?.body ?? chosen.alternative;
  }
  for (const sub of subs) {
    if (sub === chosen || sub === other || !sub.body) merge(draft, sub);
  }
  return draft;
}

/**
 * multipart/related: the root (the `start` parameter's Content-ID, else the first child)
 * is the body; the other parts are resources it refers to. Parts with a Content-ID are
 * marked inline; one without cannot be referenced, so it is an ordinary attachment.
 */
function planRelated(node: MimeNode, children: MimeNode[], prefix: string, depth: number, ctx: Ctx): Draft {
  const start = normalizeCid(param(node, 'start'));
  let rootIndex = start ? children.findIndex((c) => normalizeCid(c.id) === start) : 0;
  if (rootIndex < 0) rootIndex = 0;

  const draft = emptyDraft();
  const subs = visitChildren(children, prefix, depth, ctx);
  const root = subs[rootIndex];
  if (root) {
    draft.body = root.body;
    draft.alternative = root.alternative;
  }
  subs.forEach((sub, i) => {
    const own = join(prefix, i + 1);
    const found: AttachmentRef[] = [];
    // A text resource (rare) is still a resource, not a second body.
    if (i !== rootIndex && sub.body) found.push(attachmentRef(sub.body.node, sub.body.ref.section, false));
    found.push(...sub.attachments);
    for (const a of found) {
      // Only the related's own non-root children with a Content-ID are inline resources;
      // anything nested deeper keeps the flag its own container gave it.
      const resource = i !== rootIndex && a.section === own && !!a.contentId;
      draft.attachments.push(resource ? { ...a, inline: true } : a);
    }
    draft.embedded.push(...sub.embedded);
  });
  return draft;
}

/**
 * multipart/mixed (and every multipart we do not treat specially): the first displayable
 * text, or the first child that plans to one, is the body. Decision: later displayable
 * text parts are offered as attachments (inline: false) so no content becomes
 * unreachable; attachmentMark does not count the unnamed inline ones (list footers).
 */
function planMixed(children: MimeNode[], prefix: string, depth: number, ctx: Ctx): Draft {
  const draft = emptyDraft();
  const subs = visitChildren(children, prefix, depth, ctx);
  // The body is the first text that is not a named file (an inline "notes.txt" is content the sender attached,
  // not the message); only if every text has a name does the first one serve.
  const named = (sub: Draft) => !!sub.body && !!(sub.body.node.dispositionParameters?.filename || sub.body.node.parameters?.name);
  let bodyIndex = subs.findIndex((sub) => sub.body && !named(sub));
  if (bodyIndex < 0) bodyIndex = subs.findIndex((sub) => sub.body);
  subs.forEach((sub, i) => {
    if (sub.body) {
      if (i === bodyIndex) {
        draft.body = sub.body;
        draft.alternative = sub.alternative;
      } else {
        // Not shown: both of its versions stay reachable as attachments.
        draft.attachments.push(attachmentRef(sub.body.node, sub.body.ref.section, false));
        if (sub.alternative) draft.attachments.push(attachmentRef(sub.alternative.node, sub.alternative.ref.section, false));
      }
    }
    merge(draft, sub);
  });
  return draft;
}

/** A part a new message carries on from a stored one: an attached file, or a forwarded message (message/rfc822). */
export interface CarriedPart {
  section: string;
  filename: string;
  type: string;
  size: number;
}

/**
 * The parts of a message that are not its text, as a forward or a reopened draft carries them: its files (their
 * size as the download would be) and its forwarded messages. `forward`: the original's text is quoted as text, so what its HTML showed in place (cid
 * images) and signatures (which sign the original, not the forward) stay behind.
 */
export function carriedParts(root: MimeNode, plan: BodyPlan, opts: { forward: boolean }): CarriedPart[] {
  const files = plan.attachments
    .filter((a) => !opts.forward || (!(a.inline && a.contentId) && !SIGNATURE_TYPES.has(a.type.toLowerCase())))
    .map((a) => ({ section: a.section, filename: a.filename, type: a.type, size: decodedSize(a.size, findPart(root, a.section)?.encoding) }));
  // A forwarded message may be listed as an attachment already (by its own file name).
  const listed = new Set(files.map((f) => f.section));
  const forwarded = plan.embedded.filter((m) => !listed.has(m.section)).map((m) => ({ section: m.section, filename: `${m.subject || 'message'}.eml`, type: 'message/rfc822', size: 0 }));
  return [...files, ...forwarded];
}
