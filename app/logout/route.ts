import { signOutResponse } from '@/lib/mail';
import { HOME_URL } from '@/lib/urls';

/** Sign out (the "Sign out" form posts here): IMAP LOGOUT, cookie destroyed, the browser asked to clear the site. */
export function POST(request: Request) {
  return signOutResponse(request);
}

/** A link or prefetch must never sign anyone out; only the form's post does. */
export function GET() {
  return new Response(null, { status: 303, headers: { Location: HOME_URL } });
}
