// Small HTTP facts and helpers for route handlers and proxy.ts (server actions get Next.js's own origin check).
import type { Readable } from 'node:stream';

/** The Cache-Control of everything that shows mail or a sign-in: never stored by the browser or a proxy. */
export const NO_STORE = 'private, no-store, max-age=0';

/**
 * A state-changing request must come from our own pages. A missing Origin is accepted (some text browsers send
 * none); the SameSite=Lax session cookie is not sent on cross-site POSTs anyway.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return origin === null;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * A small, complete HTML page for a route handler's error (a link that leads nowhere): a heading, the message and a
 * way back; with `kept`, what the user typed, shown to be copied when it could not be saved anywhere. Route
 * handlers cannot render React; the page needs no script or style, so it works in any browser.
 */
export function htmlPage(status: number, page: { title: string; message: string; back: { href: string; label: string }; kept?: Array<{ label: string; value: string }> }, headers: Record<string, string> = {}): Response {
  const kept = (page.kept ?? [])
    .filter((k) => k.value)
    .map((k) => `<h2>${escapeHtml(k.label)}</h2><pre style="white-space:pre-wrap">${escapeHtml(k.value)}</pre>`)
    .join('');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} — Feather</title></head>
<body><main id="main"><h1>${escapeHtml(page.title)}</h1><p role="alert">${escapeHtml(page.message)}</p>${kept}<p><a href="${escapeHtml(page.back.href)}">${escapeHtml(page.back.label)}</a></p></main></body></html>
`;
  // Routes outside proxy.ts (the form posts) get no policy from it: this page needs nothing but its own inline style.
  headers = { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'", ...headers };
  return new Response(html, { status, headers: { ...headers, 'Cache-Control': NO_STORE, 'Content-Type': 'text/html; charset=utf-8' } });
}

/**
 * A Node stream as the body of a Response, read one chunk per pull: the browser's pace sets how fast IMAP is read,
 * and a browser that goes away mid-download (a closed tab, a cancelled read) destroys the stream, which lets go of
 * its IMAP connection. Node's Readable.toWeb can push into a body the browser has already cancelled, which throws
 * "Controller is already closed" as an uncaught exception; here a late chunk is dropped instead.
 */
export function bodyOf(stream: Readable): ReadableStream<Uint8Array> {
  const chunks = stream[Symbol.asyncIterator]();
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (cancelled) return;
          if (done) controller.close();
          else controller.enqueue(value instanceof Uint8Array ? value : new Uint8Array(Buffer.from(value)));
        } catch (err) {
          if (!cancelled) controller.error(err);
        }
      },
      async cancel() {
        cancelled = true;
        stream.destroy();
        await chunks.return?.().catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A 303 to `location` (post/redirect/get), never stored. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': NO_STORE } });
}
