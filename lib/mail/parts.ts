import 'server-only';
// One MIME part of a message, for /mail/part: an inline image of an HTML body shown in place (small, in memory, over
// the session's own connection), or any part as a download streamed from IMAP on a connection of its own. Which of
// the two, and what the browser may do with the bytes, is decided here.
import { errorRow, type MailErrorCode } from '@/lib/errors';
import { NO_STORE, bodyOf, htmlPage } from '@/lib/http';
import { downloadMessage, downloadPart, pool, readSmallPart, type PartInfo } from '@/lib/imap';
import { contentDisposition, emlName } from '@/lib/mime/format';
import { HOME_URL, messageUrl, partParams, rawMessageParams, signInUrl } from '@/lib/urls';
import { attempt, failure } from './attempt';
import { currentUser } from './account';

// Images a browser may show in place (cid: images of an HTML body); anything else is only ever downloaded.
const INLINE_SAFE = new Set(['image/png', 'image/gif', 'image/jpeg', 'image/webp']);
/** Inline images up to this size (as stored) come over the session's connection, in memory. */
const INLINE_MAX_BYTES = 2 * 1024 * 1024;
const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
// Raw parts are the sender's bytes: never sniffed, never run, never framed, never stored.
const PART_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': NO_STORE };

/** A Content-Type header from what the message claims, only if it is a well-formed one. */
function contentType(info: PartInfo): string {
  if (!TOKEN.test(info.type)) return 'application/octet-stream';
  const charset = info.charset && /^[a-z0-9._:-]{1,40}$/i.test(info.charset) ? info.charset : undefined;
  return info.type.startsWith('text/') && charset ? `${info.type}; charset=${charset}` : info.type;
}

interface Back {
  href: string;
  label: string;
}

/** The error table's answer: sign in again (and come back to `back`), or a page with the message and a way back. */
function failed(code: MailErrorCode, back: Back, title = 'This part could not be opened'): Response {
  const row = errorRow(code);
  if (row.signInAgain) return new Response(null, { status: 303, headers: { Location: signInUrl({ next: back.href, error: 'expired' }), 'Cache-Control': NO_STORE } });
  return htmlPage(row.status, { title, message: row.message, back }, PART_HEADERS);
}


/**
 * Answers a GET of /mail/raw?folder=…&uid=…[&uidvalidity=…][&view=source]: the whole message as stored, streamed
 * from IMAP, as an .eml download or, with `view=source`, as plain text in the browser (never rendered as HTML).
 */
export async function rawMessageResponse(request: Request): Promise<Response> {
  const title = 'This message could not be saved';
  try {
    const p = rawMessageParams(new URL(request.url).searchParams);
    if (!p.folder || !p.uid) return failed('bad-link', { href: HOME_URL, label: 'Go to Inbox' }, title);
    const back = { href: messageUrl(p.folder, p.uid, { uidValidity: p.uidValidity }), label: 'Back to the message' };
    const user = await currentUser();
    if (!user) return failed('expired', back, title);
    const got = await attempt(() => downloadMessage(pool(), user, p.folder!, p.uid!, p.uidValidity));
    if (!got.ok) return failed(got.code, back, title);
    const { stream, subject } = got.value;
    const type = p.source ? 'text/plain; charset=utf-8' : 'message/rfc822';
    const disposition = p.source ? 'inline' : contentDisposition(emlName(subject));
    return new Response(bodyOf(stream), {
      headers: { ...PART_HEADERS, 'Content-Type': type, 'Content-Disposition': disposition, 'X-Accel-Buffering': 'no' },
    });
  } catch (err) {
    return failed((await failure(err)).code, { href: HOME_URL, label: 'Go to Inbox' }, title);
  }
}

/**
 * Answers a GET of /mail/part?folder=…&uid=…&part=…[&uidvalidity=…][&inline=1]. Whatever goes wrong is answered by
 * the error table (never Next.js's bare 500, which would also lack no-store).
 */
export async function partResponse(request: Request): Promise<Response> {
  try {
    return await answerPart(request);
  } catch (err) {
    return failed((await failure(err)).code, { href: HOME_URL, label: 'Go to Inbox' });
  }
}

async function answerPart(request: Request): Promise<Response> {
  const p = partParams(new URL(request.url).searchParams);
  if (!p.folder || !p.uid || !p.section) return failed('bad-link', { href: HOME_URL, label: 'Go to Inbox' });
  const { folder, uid, section, uidValidity } = p;
  const back = { href: messageUrl(folder, uid, { uidValidity }), label: 'Back to the message' };
  const user = await currentUser();
  if (!user) return failed('expired', back);

  if (p.inline) {
    const small = await attempt(() => readSmallPart(pool(), user, folder, uid, section, INLINE_MAX_BYTES, uidValidity));
    if (!small.ok) return failed(small.code, back);
    if (!small.value || !INLINE_SAFE.has(small.value.info.type)) return failed('not-inline', back);
    return new Response(new Uint8Array(small.value.bytes), { headers: { ...PART_HEADERS, 'Content-Type': small.value.info.type, 'Content-Disposition': 'inline' } });
  }

  const got = await attempt(() => downloadPart(pool(), user, folder, uid, section, uidValidity));
  if (!got.ok) return failed(got.code, back);
  const { info, stream } = got.value;
  return new Response(bodyOf(stream), {
    // Behind nginx, a streamed answer must not be buffered whole.
    headers: { ...PART_HEADERS, 'Content-Type': contentType(info), 'Content-Disposition': contentDisposition(info.filename), 'X-Accel-Buffering': 'no' },
  });
}
