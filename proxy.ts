import { NextResponse, type NextRequest } from 'next/server';

// Signed-out visitors of mail pages go to /login and come back afterwards; mail is never cached.
// Only the cookie's presence is checked here; pages unseal and check it before anything streams.
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!request.cookies.has('feather_session')) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', pathname + search);
    return NextResponse.redirect(login, 303);
  }
  const res = NextResponse.next();
  res.headers.set('Cache-Control', 'private, no-store, max-age=0');
  return res;
}

export const config = { matcher: ['/mail', '/mail/:path*'] };
