import { Readable } from 'node:stream';
import { downloadPart, pool, readSmallPart, type PartInfo } from '@/lib/imap';
import { attempt } from '@/lib/attempt';
import { contentDisposition } from '@/lib/mime/format';
import { NO_STORE } from '@/lib/http';
import { currentUser } from '@/lib/session';
import { intParam, normalizeFolder, uidValidityParam } from '@/lib/urls';

// Images a browser may show in place (cid: images of an HTML body); anything else is only ever downloaded.
const INLINE_SAFE = new Set(['image/png', 'image/gif', 'image/jpeg', 'image/webp']);
/** Inline images up to this size (as stored) come over the session's connection, in memory. */
const INLINE_MAX_BYTES = 2 * 1024 * 1024;
const SECTION = /^[1-9]\d{0,3}(\.[1-9]\d{0,3}){0,50}$/;
const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE } });
}

/** A Content-Type header from what the message claims, only if it is a well-formed one. */
function contentType(info: PartInfo): string {
  if (!TOKEN.test(info.type)) return 'application/octet-stream';
  const charset = info.charset && /^[a-z0-9._:-]{1,40}$/i.test(info.charset) ? info.charset : undefined;
  return info.type.startsWith('text/') && charset ? `${info.type}; charset=${charset}` : info.type;
}

const COMMON = { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox", 'Cache-Control': NO_STORE };

/** One MIME part of a message: an inline image shown in place, or any part as a download streamed from IMAP. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const folder = normalizeFolder(url.searchParams.get('folder'));
  const uid = intParam(url.searchParams.get('uid') ?? undefined);
  const section = url.searchParams.get('part') ?? '';
  const uidValidity = uidValidityParam(url.searchParams.get('uidvalidity'));
  if (!folder || !uid || !SECTION.test(section)) return plain(400, 'This download link is not valid.');
  const user = await currentUser();
  if (!user) return plain(401, 'Please sign in again to download this attachment.');
  const notFound = (code: string) => code === 'no-part' || code === 'no-message' || code === 'no-folder';

  if (url.searchParams.get('inline') === '1') {
    const small = await attempt(() => readSmallPart(pool(), user, folder, uid, section, INLINE_MAX_BYTES, uidValidity));
    if (!small.ok) return plain(notFound(small.code) ? 404 : 502, small.message);
    if (!small.value || !INLINE_SAFE.has(small.value.info.type)) return plain(415, 'This part is not an image that can be shown in place.');
    return new Response(new Uint8Array(small.value.bytes), { headers: { ...COMMON, 'Content-Type': small.value.info.type, 'Content-Disposition': 'inline' } });
  }

  const got = await attempt(() => downloadPart(pool(), user, folder, uid, section, uidValidity));
  if (!got.ok) return plain(notFound(got.code) ? 404 : got.code === 'busy' ? 503 : 502, got.message);
  const { info, stream } = got.value;
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: { ...COMMON, 'Content-Type': contentType(info), 'Content-Disposition': contentDisposition(info.filename), 'X-Accel-Buffering': 'no' },
  });
}
