import 'server-only';
// Writing mail: the compose page's view (a new message, or a draft reopened from the Drafts folder), and the form's
// POST (/mail/send): "Send" through the configured SMTP server with a copy APPENDed to Sent, or "Save draft" into
// Drafts. Whatever goes wrong, what was typed is saved as a draft first and the page reopens it with the reason.
import { randomUUID } from 'node:crypto';
import { config } from '@/lib/config';
import { errorRow, type MailErrorCode } from '@/lib/errors';
import { NO_STORE, htmlPage, isSameOrigin } from '@/lib/http';
import { folderChoices, pool, readDraft, removeMessage, storeMessage, toMailError, type StoredMessage } from '@/lib/imap';
import { buildDraft, buildMessage, fromFlowed, hasLineBreak, parseRecipients, type OutgoingAttachment, type OutgoingMessage } from '@/lib/mime/compose';
import { decodePart } from '@/lib/mime/decode';
import type { Address } from '@/lib/mime/types';
import { log } from '@/lib/log.mjs';
import { sendRaw, SmtpRefusal } from '@/lib/smtp';
import { HOME_URL, composeUrl, folderUrl, intParam, signInUrl, uidValidityParam, withStatus, type SearchParams } from '@/lib/urls';
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

export interface ComposeView {
  fields: ComposeFields;
  /** The draft this page edits (replaced when saved again, removed when sent). */
  draft?: StoredMessage;
  /** The sender, as it will read. */
  from: string;
  sending: boolean;
  /** The draft could not be read back (gone, or the folder changed). */
  missing?: MailErrorCode;
}

const EMPTY: ComposeFields = { to: '', cc: '', bcc: '', subject: '', text: '' };

/** Texts of drafts are read back up to this size; a draft's text is what one person typed. */
const DRAFT_TEXT_MAX_BYTES = 1024 * 1024;

/** The compose page: empty, or the draft named by `draft` + `draftuv` (its UID and UIDVALIDITY in Drafts). */
export async function composeView(user: SignedIn, sp: SearchParams): Promise<ComposeView> {
  const view: ComposeView = { fields: { ...EMPTY }, from: addressOf(user), sending: canSend() };
  const uid = intParam(sp.draft);
  const uidValidity = uidValidityParam(sp.draftuv);
  if (!uid || !uidValidity) return view;
  const choices = await attempt(() => folderChoices(pool(), user));
  const folder = choices.ok ? choices.value.roles.drafts : undefined;
  if (!folder) return { ...view, missing: 'no-folder' };
  const at = { folder, uid, uidValidity };
  const draft = await attempt(() => readDraft(pool(), user, at, DRAFT_TEXT_MAX_BYTES));
  if (!draft.ok) return { ...view, missing: draft.code };
  const d = draft.value;
  // The body's last line break is the message's, not the user's.
  const text = d.text ? decodePart(d.text.bytes, '7bit', d.text.charset).replace(/\r?\n$/, '') : '';
  return {
    ...view,
    draft: at,
    fields: { to: d.to, cc: d.cc, bcc: d.bcc, subject: d.subject, text: d.text?.flowed ? fromFlowed(text) : text },
  };
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': NO_STORE } });
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
  if (hasLineBreak(fields.subject)) return { code: 'header-break' };
  const bad = [...parsed.to.bad, ...parsed.cc.bad, ...parsed.bcc.bad];
  if (bad.length > 0) return { code: 'bad-address', about: bad.join(', ') };
  if (parsed.to.addresses.length + parsed.cc.addresses.length + parsed.bcc.addresses.length === 0) return { code: 'no-recipient' };
  return null;
}

/** The request's body, or null when over `max` bytes (read to its end and dropped, so the browser gets an answer). */
async function boundedBody(request: Request, max: number): Promise<Buffer | null> {
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size <= max) chunks.push(Buffer.from(chunk));
    else chunks.length = 0;
  }
  return size <= max ? Buffer.concat(chunks) : null;
}

/** Room for the form's text fields and multipart lines beside the attachments. */
const FORM_OVERHEAD_BYTES = 2 * 1024 * 1024;

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
  const body = await boundedBody(request, limit + FORM_OVERHEAD_BYTES);
  if (!body) return seeOther(withStatus(composeUrl(), { failed: 'too-large' }));
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData();
  } catch {
    return seeOther(withStatus(composeUrl(), { failed: 'bad-link' }));
  }
  const fields = fieldsOf(form);
  const op = form.get('op') === 'draft' ? 'draft' : 'send';
  const previous = draftOf(form);
  const parsed = { to: parseRecipients(fields.to), cc: parseRecipients(fields.cc), bcc: parseRecipients(fields.bcc) };
  const attachments: OutgoingAttachment[] = [];
  for (const f of form.getAll('attach')) {
    if (typeof f === 'string' || f.size === 0) continue;
    attachments.push({ filename: f.name.replace(/[\r\n]/g, ' ').slice(0, 200) || 'attachment', contentType: /^[\w.+-]+\/[\w.+-]+$/.test(f.type) ? f.type : 'application/octet-stream', content: Buffer.from(await f.arrayBuffer()) });
  }
  if (attachments.reduce((n, a) => n + a.content.length, 0) > limit) return seeOther(withStatus(composeUrl(previous), { failed: 'too-large' }));
  const domain = addressOf(user).split('@')[1];
  const message: OutgoingMessage = {
    from: { name: '', address: addressOf(user) },
    to: parsed.to.addresses,
    cc: parsed.cc.addresses,
    bcc: parsed.bcc.addresses,
    // A line break can only be refused for sending; the draft keeps the subject on one line.
    subject: fields.subject.replace(/[\r\n]+/g, ' '),
    text: fields.text,
    attachments,
    messageId: `<${randomUUID()}@${domain}>`,
    date: new Date(),
  };
  const choices = await attempt(() => folderChoices(pool(), user));
  const roles = choices.ok ? choices.value.roles : {};

  /** Saves what was typed in Drafts (replacing `previous`) and reopens it, with `status`. */
  const keepAsDraft = async (status: Parameters<typeof withStatus>[1]): Promise<Response> => {
    if (!roles.drafts) return seeOther(withStatus(composeUrl(), { ...status, failed: status.failed ?? 'no-folder' }));
    // A draft keeps what is not yet an address too: the entries stay in their fields as typed.
    const raw = await buildDraft(message, fields);
    const stored = await attempt(() => storeMessage(pool(), user, roles.drafts!, raw, ['\\Draft', '\\Seen']));
    if (!stored.ok) {
      log.warn({ user: user.user, code: stored.code }, 'the draft could not be saved');
      return seeOther(withStatus(composeUrl(previous), { failed: stored.code }));
    }
    if (previous) await attempt(() => removeMessage(pool(), user, previous));
    return seeOther(withStatus(composeUrl(stored.value), status));
  };

  if (op === 'draft') return keepAsDraft({ done: 'draft' });
  if (!canSend()) return keepAsDraft({ failed: 'no-smtp' });
  const problem = problemOf(fields, parsed);
  if (problem) return keepAsDraft({ failed: problem.code, to: problem.about?.slice(0, 500) });
  const outgoing = await buildMessage(message, { keepBcc: false });
  const envelope = { from: message.from.address, to: [...message.to, ...message.cc, ...message.bcc].map((a) => a.address) };
  try {
    await sendRaw(config().smtp!, user, envelope, outgoing);
  } catch (err) {
    if (err instanceof SmtpRefusal) return keepAsDraft({ failed: err.code, to: (err.code === 'recipient-refused' ? err.recipients.join(', ') : err.status)?.slice(0, 500) });
    return keepAsDraft({ failed: toMailError(err).code });
  }
  log.info({ user: user.user, recipients: envelope.to.length, bytes: outgoing.length }, 'message sent');
  let kept = true;
  if (roles.sent) {
    const copy = await attempt(async () => storeMessage(pool(), user, roles.sent!, await buildMessage(message, { keepBcc: true }), ['\\Seen'], message.date));
    kept = copy.ok;
    if (!copy.ok) log.warn({ user: user.user, code: copy.code }, 'sent, but the copy in Sent could not be stored');
  } else kept = false;
  if (previous) await attempt(() => removeMessage(pool(), user, previous));
  return seeOther(withStatus(folderUrl('INBOX'), { done: kept ? 'sent' : 'sent-nocopy', n: 1, to: envelope.to.length === 1 ? envelope.to[0] : undefined }));
}

/** The draft a form came from (its UID and UIDVALIDITY in Drafts), if any. */
function draftOf(form: FormData): StoredMessage | undefined {
  const uid = intParam(typeof form.get('draft') === 'string' ? (form.get('draft') as string) : undefined);
  const uidValidity = uidValidityParam(typeof form.get('draftuv') === 'string' ? (form.get('draftuv') as string) : undefined);
  const folder = typeof form.get('draftfolder') === 'string' ? (form.get('draftfolder') as string) : undefined;
  return uid && uidValidity && folder ? { folder, uid, uidValidity } : undefined;
}
