import { Readable } from 'node:stream';
import { downloadPart, pool } from '@/lib/imap';
import { attempt } from '@/lib/attempt';
import { config } from '@/lib/config';
import { contentDisposition, safeFilename } from '@/lib/mime/format';
import { NO_STORE } from '@/lib/http';
import { currentUser } from '@/lib/session';
import { intParam } from '@/lib/urls';

// Images a browser may show in place (cid: images of an HTML body); anything else is only ever downloaded.
const INLINE_SAFE = new Set(['image/png', 'image/gif', 'image/jpeg', 'image/webp']);

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': NO_STORE } });
}

/** Streams one MIME part from IMAP to the browser, transfer-decoded, without loading the message. */
export async function GET(request: Request) {
  const url = new URL(request.url);
  const folder = url.searchParams.get('folder');
  const uid = intParam(url.searchParams.get('uid') ?? undefined);
  const section = url.searchParams.get('part');
  if (!folder || !uid || !section || !/^(\d+)(\.\d+)*$/.test(section)) return plain(400, 'This download link is not valid.');
  const user = await currentUser();
  if (!user) return plain(401, 'Please sign in again to download this attachment.');

  const got = await attempt(() => downloadPart(pool(), user, folder, uid, section, config().commandTimeoutMs));
  if (!got.ok) return plain(got.code === 'no-part' || got.code === 'no-message' || got.code === 'no-folder' ? 404 : 502, got.message);
  const part = got.value;
  const type = part.contentType.toLowerCase();
  const inline = url.searchParams.get('inline') === '1' && INLINE_SAFE.has(type);
  const filename = safeFilename(part.filename ?? url.searchParams.get('name') ?? `part-${section}`);
  // imapflow hands text parts over converted to UTF-8, so say so.
  const contentType = type.startsWith('text/') ? `${type}; charset=utf-8` : type;
  return new Response(Readable.toWeb(part.stream) as ReadableStream, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': inline ? 'inline' : contentDisposition(filename),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': NO_STORE,
      'X-Accel-Buffering': 'no',
    },
  });
}
