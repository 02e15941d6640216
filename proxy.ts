import { NextResponse, type NextRequest } from 'next/server';
import { NO_STORE } from '@/lib/http';
import { SESSION_COOKIE } from '@/lib/session/cookie';
import { signInUrl } from '@/lib/urls';

/**
 * Every page gets a Content-Security-Policy with a fresh script nonce: Next.js puts the nonce on its own scripts,
 * so even a script that slipped past the mail sanitizer would not run. Signed-out visitors of mail pages go to
 * /login and come back afterwards; pages are never cached (they show mail, or a sign-in form). Only the cookie's
 * presence is checked here; pages unseal and check it before anything streams.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const mail = pathname === '/mail' || pathname.startsWith('/mail/');
  if (mail && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(signInUrl({ next: pathname + search }), request.url), 303);
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    // Mail may show remote images only after the user asks (the sanitizer decides); nothing else remote loads.
    "img-src 'self' data: https: http:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  const res = NextResponse.next({ request: { headers: requestHeaders } });
  res.headers.set('Content-Security-Policy', csp);
  res.headers.set('Cache-Control', NO_STORE);
  return res;
}

export const config = {
  // Not static assets, and not /mail/part (raw message parts set their own, stricter policy and Cache-Control).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|mail/part).*)'],
};
