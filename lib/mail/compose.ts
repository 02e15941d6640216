import 'server-only';
// Writing mail: the compose page's view (a new message, or a draft reopened from the Drafts folder), and the form's
// POST (/mail/send): "Send" through the configured SMTP server with a copy APPENDed to Sent, or "Save draft" into
// Drafts. Whatever goes wrong, what was typed is saved as a draft first and the page reopens it with the reason.
import { randomUUID } from 'node:crypto';
import { config } from '@/lib/config';
import { errorRow, type MailErrorCode } from '@/lib/errors';
import { readUploadForm } from '@/lib/form';
import { NO_STORE, htmlPage, isSameOrigin, seeOther } from '@/lib/http';
import { findMessage, folderChoices, pool, readDraft, recentRecipients, removeMessage, setFlag, toMailError, type DraftAttachment, type StoredMessage, type StoredPart } from '@/lib/imap';
import { draftPieces, fromFlowed, hasLineBreak, parseRecipients, type OutgoingAttachment, type OutgoingMessage } from '@/lib/mime/compose';
import { decodePart } from '@/lib/mime/decode';
import type { Address } from '@/lib/mime/types';
import { log } from '@/lib/log.mjs';
import { SmtpRefusal } from '@/lib/smtp';
import { describeParts, keepSentCopy, sendPieces, storePieces, storedAttachments, type Sender, type StoredAttachments } from './deliver';
import { formatLongDate } from '@/lib/format';
import { HOME_URL, REPLY_MODES, composeUrl, folderUrl, intParam, normalizeFolder, param, signInUrl, uidValidityParam, withStatus, type ReplyMode, type SearchParams } from '@/lib/urls';
import { htmlAsText, replySource, type ReplySource } from './reader';
import { attempt } from './attempt';
import { currentUser, type SignedIn } from './account';

/** Whether Feather can send at all (SMTP_HOST is set); without it, it reads mail only and says so. */
export function canSend(): boolean {
  return config().smtp !== undefined;
}

/** The signed-in user's address: the sign-in name if it is one, else the name at MAIL_DOMAIN (or the IMAP host). */
export function addressOf(user: Pick<SignedIn, 'user'>): string {
  if (user.user.includes('@')) return user.user;
  return `${user.user}@${config().mailDomain ?? config().imap.host}`;
}

/** The text of the form's fields, as typed (or as a draft has them). */
export interface ComposeFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  text: string;
}

/** The message a reply or forward answers: where it is, how it is answered, and the threading it continues. */
export interface ComposeSource {
  folder: string;
  uid: number;
  uidValidity?: string;
  mode: ReplyMode;
  inReplyTo?: string;
  references: string[];
  /** For "forward as attachment": the original's subject (the attachment's name). */
  subject: string;
}

export interface ComposeView {
  fields: ComposeFields;
  /** The message answered or forwarded, when there is one. */
  source?: ComposeSource;
  /** The draft this page edits (replaced when saved again, removed when sent). */
  draft?: StoredMessage;
  /** The attachments on the server (the draft's, or the forwarded message's): kept (and sent) unless unticked. */
  kept: DraftAttachment[];
  /** Whose parts `kept` are: the draft's, or the message being forwarded. */
  keptFrom: 'draft' | 'source';
  /** The sender, as it will read. */
  from: string;
  sending: boolean;
  /** The draft could not be read back (gone, or the folder changed). */
  missing?: MailErrorCode;
}

const EMPTY: ComposeFields = { to: '', cc: '', bcc: '', subject: '', text: '' };

/** Texts of drafts are read back up to this size; a draft's text is what one person typed. */
const DRAFT_TEXT_MAX_BYTES = 1024 * 1024;

const person = (a: Address) => (a.name ? `${a.name} <${a.address}>` : a.address);

/** "> " in front of every line of a quote ("> > " nesting as ">>"), as mail programs quote. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith('>') ? `>${l}` : l ? `> ${l}` : '>'))
    .join('\n');
}

/** "Re: subject" (once), "Fwd: subject" (once). */
function prefixed(prefix: 'Re' | 'Fwd', subject: string): string {
  const re = prefix === 'Re' ? /^re:/i : /^(fwd?|fw):/i;
  return re.test(subject.trim()) ? subject.trim() : `${prefix}: ${subject.trim()}`;
}

/**
 * The fields of a reply (to Reply-To or the sender), a reply to all (the others in To and Cc too, the user left
 * out), or a forward (the original's header lines and text, or the original attached as message/rfc822).
 */
function answerFields(user: SignedIn, src: ReplySource, mode: ReplyMode): ComposeFields {
  const me = addressOf(user).toLowerCase();
  const notMe = (a: Address) => a.address.toLowerCase() !== me;
  const seen = new Set<string>();
  const unique = (list: Address[]) => list.filter((a) => notMe(a) && !seen.has(a.address.toLowerCase()) && seen.add(a.address.toLowerCase()));
  if (mode === 'forward' || mode === 'attach') {
    const header = [`From: ${src.from.map(person).join(', ')}`, `Date: ${formatLongDate(src.date)}`, `Subject: ${src.subject}`, `To: ${src.to.map(person).join(', ')}`];
    if (src.cc.length) header.push(`Cc: ${src.cc.map(person).join(', ')}`);
    const text = mode === 'forward' ? `\n\n---------- Forwarded message ----------\n${header.join('\n')}\n\n${src.text}` : '';
    return { to: '', cc: '', bcc: '', subject: prefixed('Fwd', src.subject), text };
  }
  const replyTo = src.replyTo ? parseRecipients(src.replyTo).addresses : [];
  const to = unique(replyTo.length ? replyTo : src.from);
  const cc = mode === 'all' ? unique([...src.to, ...src.cc]) : [];
  // Replying to one's own message goes to its recipients.
  const toField = to.length ? to : unique(src.to);
  const who = src.from[0] ? person(src.from[0]) : 'someone';
  return {
    to: toField.map(person).join(', '),
    cc: cc.map(person).join(', '),
    bcc: '',
    subject: prefixed('Re', src.subject),
    text: `\n\nOn ${formatLongDate(src.date)}, ${who} wrote:\n${quote(src.text)}`,
  };
}

/**
 * The compose page: empty; the draft named by `draft` + `draftuv` (its UID and UIDVALIDITY in Drafts); or an answer
 * (`mode` reply, all, forward, attach) to the message `folder` + `uid` (+ `uidvalidity`).
 */
export async function composeView(user: SignedIn, sp: SearchParams): Promise<ComposeView> {
  const view: ComposeView = { fields: { ...EMPTY }, from: addressOf(user), sending: canSend(), kept: [], keptFrom: 'draft' };
  const mode = REPLY_MODES.find((m) => m === param(sp.mode));
  const folder = normalizeFolder(sp.folder);
  const srcUid = intParam(sp.uid);
  if (mode && folder && srcUid) {
    const src = await replySource(user, { folder, uid: srcUid, uidValidity: uidValidityParam(sp.uidvalidity) });
    if (!src.ok) return { ...view, missing: src.code };
    const s = src.value;
    const references = [...s.references, ...(s.messageId ? [s.messageId] : [])].slice(-20);
    return {
      ...view,
      fields: answerFields(user, s, mode),
      // A forward carries the original's files on, as Gmail and Roundcube do; they stay on the server.
      kept: mode === 'forward' ? s.attachments : [],
      keptFrom: 'source',
      source: { folder, uid: srcUid, uidValidity: s.uidValidity, mode, inReplyTo: mode === 'reply' || mode === 'all' ? s.messageId : undefined, references: mode === 'reply' || mode === 'all' ? references : [], subject: s.subject },
    };
  }
  const uid = intParam(sp.draft);
  const uidValidity = uidValidityParam(sp.draftuv);
  if (!uid || !uidValidity) return view;
  const choices = await attempt(() => folderChoices(pool(), user));
  const drafts = choices.ok ? choices.value.roles.drafts : undefined;
  if (!drafts) return { ...view, missing: 'no-folder' };
  const at = { folder: drafts, uid, uidValidity };
  const draft = await attempt(() => readDraft(pool(), user, at, DRAFT_TEXT_MAX_BYTES));
  if (!draft.ok) return { ...view, missing: draft.code };
  const d = draft.value;
  // The body's last line break is the message's, not the user's.
  const decoded = d.text ? decodePart(d.text.bytes, '7bit', d.text.charset).replace(/\r?\n$/, '') : '';
  // A draft written elsewhere in HTML alone is edited as text (it is sent as text).
  const text = d.text?.html ? htmlAsText(decoded) : d.text?.flowed ? fromFlowed(decoded) : decoded;
  // A reply begun elsewhere is still that reply: its threading, and the original to mark when it is sent.
  const draftMode = REPLY_MODES.find((m) => m === d.source?.mode);
  const sourceFolder = normalizeFolder(d.source?.folder);
  const source: ComposeSource | undefined =
    d.source && draftMode && sourceFolder ? { folder: sourceFolder, uid: d.source.uid, uidValidity: d.source.uidValidity, mode: draftMode, inReplyTo: d.inReplyTo, references: d.references.slice(-20), subject: d.subject } : undefined;
  return {
    ...view,
    draft: at,
    source,
    kept: d.attachments,
    fields: { to: d.to, cc: d.cc, bcc: d.bcc, subject: d.subject, text },
  };
}


/** The compose form's text fields, at most this long each (a message's text: 1 MB). */
const FIELD_MAX = { to: 10_000, cc: 10_000, bcc: 10_000, subject: 1000, text: DRAFT_TEXT_MAX_BYTES } as const;

function fieldsOf(form: FormData): ComposeFields {
  const get = (name: keyof ComposeFields) => {
    const v = form.get(name);
    return typeof v === 'string' ? v.slice(0, FIELD_MAX[name]) : '';
  };
  return { to: get('to'), cc: get('cc'), bcc: get('bcc'), subject: get('subject'), text: get('text').replace(/\r\n?/g, '\n') };
}

/** What is wrong with the fields for sending, if anything: the first problem, with the entries it is about. */
function problemOf(fields: ComposeFields, parsed: Record<'to' | 'cc' | 'bcc', { addresses: Address[]; bad: string[] }>): { code: MailErrorCode; about?: string } | null {
  // A line break in any header field could start a header of its own (a Bcc nobody typed): refused, never mended.
  if ([fields.subject, fields.to, fields.cc, fields.bcc].some(hasLineBreak)) return { code: 'header-break' };
  const bad = [...parsed.to.bad, ...parsed.cc.bad, ...parsed.bcc.bad];
  if (bad.length > 0) return { code: 'bad-address', about: bad.join(', ') };
  if (parsed.to.addresses.length + parsed.cc.addresses.length + parsed.bcc.addresses.length === 0) return { code: 'no-recipient' };
  return null;
}


/**
 * Answers the compose form's POST (/mail/send). "Save draft" stores it in Drafts (replacing the draft it was) and
 * reopens it; "Send" checks the fields, sends (Bcc only in the envelope), APPENDs a copy to Sent and removes the
 * draft, then goes to the Inbox with "Message sent". Any problem saves what was typed as a draft and reopens it
 * with the reason: nothing typed is lost. The answer is always a redirect, so a reload sends nothing again.
 */
export async function sendResponse(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    const { status, message } = errorRow('cross-site');
    return htmlPage(status, { title: 'Nothing was sent', message, back: { href: HOME_URL, label: 'Go to Inbox' } });
  }
  const user = await currentUser();
  if (!user) return seeOther(signInUrl({ next: composeUrl(), error: 'expired' }));
  const limit = config().uploadMaxBytes;
  // Read as it comes: files over the limit are dropped, what was typed is kept (and saved as a draft below).
  const read = await readUploadForm(request, { maxFileBytes: limit, maxFieldBytes: DRAFT_TEXT_MAX_BYTES + 1024 });
  if (!read) return seeOther(withStatus(composeUrl(), { failed: 'bad-link' }));
  const { form, filesTooLarge, fieldTruncated } = read;
  const fields = fieldsOf(form);
  const op = form.get('op') === 'draft' ? 'draft' : 'send';
  const choices = await attempt(() => folderChoices(pool(), user));
  const roles = choices.ok ? choices.value.roles : {};
  // The draft being edited: by UID in the user's Drafts only (the form cannot point Feather at another folder).
  const previous = draftOf(form, roles.drafts);
  const parsed = { to: parseRecipients(fields.to), cc: parseRecipients(fields.cc), bcc: parseRecipients(fields.bcc) };
  const attachments: OutgoingAttachment[] = [];
  for (const f of form.getAll('attach')) {
    if (typeof f === 'string' || f.size === 0) continue;
    attachments.push({ filename: f.name.replace(/[\r\n]/g, ' ').slice(0, 200) || 'attachment', contentType: /^[\w.+-]+\/[\w.+-]+$/.test(f.type) ? f.type : 'application/octet-stream', content: Buffer.from(await f.arrayBuffer()) });
  }
  const autosave = op === 'draft' && request.headers.get('x-feather-autosave') === '1';
  const source = sourceOf(form);
  // Parts already on the server that the message carries on: they stay there (see ./deliver).
  const { parts, keptFrom } = storedPartsOf(form, source, previous);
  let stored: StoredAttachments = [];
  let partsProblem: MailErrorCode | undefined;
  // Parts of a draft that cannot be found (the folders could not be listed): never sent or saved without them.
  if (keptFrom === 'draft' && !previous && form.getAll('keep').length > 0) partsProblem = choices.ok ? 'no-folder' : choices.code;
  if (parts.length > 0) {
    const described = await attempt(() => describeParts(pool(), user, parts));
    if (described.ok) stored = storedAttachments(described.value);
    else partsProblem = described.code;
  }
  const uploaded = attachments.reduce((n, a) => n + a.content.length, 0);
  // (A text longer than 1 MB is kept in the draft as far as it goes, and not sent cut short.)
  const tooLarge = filesTooLarge || fieldTruncated || uploaded > limit;
  const domain = addressOf(user).split('@')[1];
  const message: OutgoingMessage = {
    from: { name: '', address: addressOf(user) },
    to: parsed.to.addresses,
    cc: parsed.cc.addresses,
    bcc: parsed.bcc.addresses,
    // A line break can only be refused for sending; the draft keeps the subject on one line.
    subject: fields.subject.replace(/[\r\n]+/g, ' '),
    text: fields.text,
    attachments: tooLarge ? [] : attachments,
    messageId: `<${randomUUID()}@${domain}>`,
    date: new Date(),
    inReplyTo: source?.inReplyTo,
    references: source?.references.length ? source.references : undefined,
  };
  /** The draft as typed, into Drafts (replacing `previous`): the parts on the server by URL where it can. */
  const draftSource = source ? { mode: source.mode, folder: source.folder, uid: source.uid, uidValidity: source.uidValidity } : undefined;
  const saveDraft = () => attempt(async () => storePieces(pool(), user, roles.drafts!, await draftPieces(message, fields, stored, draftSource), ['\\Draft', '\\Seen']));

  /**
   * Saves what was typed in Drafts (replacing `previous`, unless one of its parts could not be read: then it stays
   * too) and reopens it, with `status`. Where no draft can be saved, the page shows what was typed, to be copied.
   */
  const keepAsDraft = async (status: Parameters<typeof withStatus>[1]): Promise<Response> => {
    const saved = roles.drafts ? await saveDraft() : ({ ok: false, code: choices.ok ? 'no-folder' : choices.code } as const);
    if (!saved.ok) {
      log.warn({ user: user.user, code: saved.code }, 'the draft could not be saved');
      return unsaved(status.failed ?? saved.code, saved.code);
    }
    const found = saved.value ?? (await draftByMessageId());
    if (previous && !partsProblem) await attempt(() => removeMessage(pool(), user, previous));
    // Saved, but the server would not say where (and it could not be found): the Drafts folder shows it.
    if (!found) return seeOther(withStatus(folderUrl(roles.drafts!), status.failed ? { failed: status.failed } : { done: 'draft' }));
    return seeOther(withStatus(composeUrl(found), status));
  };
  /** Without UIDPLUS the server does not say where a draft went: it is found by its Message-ID. */
  const draftByMessageId = () => attempt(() => findMessage(pool(), user, roles.drafts!, message.messageId)).then((f) => (f.ok ? f.value : undefined));
  /** The page for a message that could be neither sent nor saved: why, and what was typed, to be copied. */
  const unsaved = (why: MailErrorCode, draftProblem: MailErrorCode) =>
    htmlPage(errorRow(why).status, {
      title: 'Not sent, and not saved',
      message: `${errorRow(why).message} The draft could not be saved either: ${errorRow(draftProblem).message} Copy what you wrote below before you leave this page.`,
      back: { href: HOME_URL, label: 'Go to Inbox' },
      kept: [
        { label: 'To', value: fields.to },
        { label: 'Cc', value: fields.cc },
        { label: 'Bcc', value: fields.bcc },
        { label: 'Subject', value: fields.subject },
        { label: 'Message', value: fields.text },
      ],
    });

  if (autosave) {
    // Autosave (with JavaScript, while typing): the same draft, answered in JSON so the page can go on editing it.
    // Its kept parts are now the new draft's, in order after the text (autosave sends no files): their sections.
    const json = (body: object, status = 200) => Response.json(body, { status, headers: { 'Cache-Control': NO_STORE } });
    if (!roles.drafts) return json({ error: errorRow('no-folder').message }, 409);
    if (partsProblem) return json({ error: errorRow(partsProblem).message }, 409);
    const saved = await saveDraft();
    if (!saved.ok) return json({ error: saved.message }, 502);
    const found = saved.value ?? (await draftByMessageId());
    if (!found) return json({ error: errorRow('server').message }, 502);
    if (previous) await attempt(() => removeMessage(pool(), user, previous));
    return json({ draft: found, kept: keptFrom === 'draft' ? stored.map((_, i) => String(2 + i)) : undefined });
  }
  if (tooLarge) return keepAsDraft({ failed: 'too-large' });
  if (partsProblem) return keepAsDraft({ failed: partsProblem });
  if (op === 'draft') return keepAsDraft({ done: 'draft' });
  if (!canSend()) return keepAsDraft({ failed: 'no-smtp' });
  const problem = problemOf(fields, parsed);
  if (problem) return keepAsDraft({ failed: problem.code, to: problem.about?.slice(0, 500) });
  const sender: Sender = { pool: pool(), account: user, smtp: config().smtp!, imap: { host: config().imap.host, port: config().imap.port } };
  let delivery;
  try {
    delivery = await sendPieces(sender, message, stored, roles.drafts);
  } catch (err) {
    if (err instanceof SmtpRefusal) return keepAsDraft({ failed: err.code, to: (err.code === 'recipient-refused' ? err.recipients.join(', ') : err.status)?.slice(0, 500) });
    return keepAsDraft({ failed: toMailError(err).code });
  }
  const recipients = message.to.length + message.cc.length + message.bcc.length;
  log.info({ user: user.user, recipients, refused: delivery.refused.length, via: delivery.via, uploaded, carried: stored.length }, 'message sent');
  const copy = await attempt(() => keepSentCopy(pool(), user, roles.sent, message, stored));
  if (!copy.ok) log.warn({ user: user.user, code: copy.code }, 'sent, but the copy in Sent could not be stored');
  if (previous) await attempt(() => removeMessage(pool(), user, previous));
  if (source?.uidValidity) {
    // The original is marked answered or forwarded, on the server: every mail program shows it.
    const flag = source.mode === 'reply' || source.mode === 'all' ? '\\Answered' : '$Forwarded';
    const marked = await attempt(() => setFlag(pool(), user, { folder: source.folder, uidValidity: source.uidValidity!, uids: [source.uid] }, flag, true));
    if (!marked.ok) log.warn({ user: user.user, code: marked.code }, `sent, but the original could not be marked ${flag}`);
  }
  if (delivery.refused.length > 0) return seeOther(withStatus(folderUrl('INBOX'), { done: 'sent-partly', n: 1, to: delivery.refused.join(', ').slice(0, 500) }));
  const only = recipients === 1 ? [...message.to, ...message.cc, ...message.bcc][0].address : undefined;
  return seeOther(withStatus(folderUrl('INBOX'), { done: copy.ok && copy.value !== 'none' ? 'sent' : 'sent-nocopy', n: 1, to: only }));
}

/**
 * The stored parts a form's message carries on: the ticked ones among those the page listed (of the draft, or of
 * the message forwarded, as `keptfrom` says; autosave sends them all, ticked or not, so the draft holds them until
 * the user saves or sends), and for a forward as attachment the original itself, first.
 */
function storedPartsOf(form: FormData, source: ComposeSource | undefined, previous: StoredMessage | undefined): { parts: StoredPart[]; keptFrom: 'draft' | 'source' } {
  const keptFrom = form.get('keptfrom') === 'source' ? 'source' : 'draft';
  const original = source?.uidValidity ? { folder: source.folder, uid: source.uid, uidValidity: source.uidValidity } : undefined;
  const origin = keptFrom === 'source' ? original : previous;
  const sections = form.getAll('keep').filter((k): k is string => typeof k === 'string' && /^\d+(\.\d+)*$/.test(k));
  const parts: StoredPart[] = origin ? [...new Set(sections)].slice(0, 50).map((section) => ({ at: origin, section })) : [];
  // (A reopened draft has the original among its own parts already.)
  if (source?.mode === 'attach' && original && keptFrom === 'source') parts.unshift({ at: original });
  return { parts, keptFrom };
}

const MESSAGE_ID = /^<[^<>\s]{1,250}>$/;

/** The message a form answers (hidden fields the compose page wrote), checked; undefined when there is none. */
function sourceOf(form: FormData): ComposeSource | undefined {
  const text = (name: string) => (typeof form.get(name) === 'string' ? (form.get(name) as string) : undefined);
  const mode = REPLY_MODES.find((m) => m === text('mode'));
  const folder = normalizeFolder(text('source'));
  const uid = intParam(text('sourceuid'));
  if (!mode || !folder || !uid) return undefined;
  const inReplyTo = text('inreplyto');
  return {
    folder,
    uid,
    uidValidity: uidValidityParam(text('sourceuv')),
    mode,
    inReplyTo: inReplyTo && MESSAGE_ID.test(inReplyTo) ? inReplyTo : undefined,
    references: (text('references') ?? '').split(/\s+/).filter((r) => MESSAGE_ID.test(r)).slice(-20),
    subject: '',
  };
}

/** The draft a form came from: its UID and UIDVALIDITY, in the user's Drafts folder; none without one. */
function draftOf(form: FormData, drafts: string | undefined): StoredMessage | undefined {
  const uid = intParam(typeof form.get('draft') === 'string' ? (form.get('draft') as string) : undefined);
  const uidValidity = uidValidityParam(typeof form.get('draftuv') === 'string' ? (form.get('draftuv') as string) : undefined);
  return uid && uidValidity && drafts ? { folder: drafts, uid, uidValidity } : undefined;
}

/**
 * The addresses the user has written to (from the envelopes of their Sent folder, on the server), as JSON for the
 * recipient fields' suggestions; nothing of it is stored in the browser.
 */
export async function addressBookResponse(): Promise<Response> {
  const user = await currentUser();
  const headers = { 'Cache-Control': NO_STORE };
  if (!user) return Response.json({ addresses: [] }, { status: 401, headers });
  const choices = await attempt(() => folderChoices(pool(), user));
  const sent = choices.ok ? choices.value.roles.sent : undefined;
  if (!sent) return Response.json({ addresses: [] }, { headers });
  const found = await attempt(() => recentRecipients(pool(), user, sent));
  return Response.json({ addresses: found.ok ? found.value : [] }, { headers });
}
