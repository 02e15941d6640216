import { NextResponse, type NextRequest } from 'next/server';
import { NO_STORE } from '@/lib/http';
import { SESSION_COOKIE } from '@/lib/session/cookie';
import { signInUrl, withBase } from '@/lib/urls';
import { PAGE_HEADER, VIEW_HEADER } from '@/lib/view.mjs';

/**
 * Every page gets a Content-Security-Policy with a fresh script nonce: Next.js puts the nonce on its own scripts,
 * so even a script that slipped past the mail sanitizer would not run. Signed-out visitors of mail pages go to
 * /login and come back afterwards; pages are never cached (they show mail, or a sign-in form). Only the cookie's
 * presence is checked here; pages unseal and check it before anything streams.
 */
export function proxy(request: NextRequest) {
  // Under a base path (FEATHER_BASE_PATH), Next.js gives `pathname` without it, and adds it to the matcher below.
  const { pathname, search } = request.nextUrl;
  const mail = pathname === '/mail' || pathname.startsWith('/mail/');
  if (mail && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(signInUrl({ next: withBase(pathname) + search }), request.url), 303);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  // Remote images only on a message (its own page, or the reading pane: /mail with a UID) where the user chose "Show
  // images": the sanitizer decides which, and the browser refuses any other page's (or a sanitizer slip's) tracking pixel.
  const q = request.nextUrl.searchParams;
  const message = pathname === '/mail/read' || (pathname === '/mail' && q.has('uid'));
  const showImages = message && q.get('images') === 'show';
  // Basic HTML (server.mjs decided, and takes the scripts out): no script may run at all.
  const basic = request.headers.get(VIEW_HEADER) === 'basic';
  const csp = [
    "default-src 'self'",
    basic ? "script-src 'none'" : `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    showImages ? "img-src 'self' data: https: http:" : "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set(PAGE_HEADER, withBase(pathname) + search);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set('Cache-Control', NO_STORE);
  // Over https (as the reverse proxy says; a browser ignores this header on plain http anyway): https only, a year.
  if ((request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(/:$/, '')).split(',')[0].trim() === 'https') {
    res.headers.set('Strict-Transport-Security', 'max-age=31536000');
  }
  return res;
}

export const config = {
  // Not static assets; not /mail/part (raw message parts set their own, stricter policy and Cache-Control); not the
  // form posts with files, /mail/send and /mail/append: Next.js holds a body that passes through the proxy in
  // memory and cuts it at 10 MB (proxyClientMaxBodySize), while those routes read it as it comes, check the
  // session and answer with redirects of their own.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|icons.svg|robots.txt|mail/part|mail/send|mail/append).*)'],
};
