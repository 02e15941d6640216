import { pool } from '@/lib/imap';
import { getSession, revokeSession } from '@/lib/session';
import { isSameOrigin } from '@/lib/http';

/**
 * Sign out: close the IMAP connection, destroy the session cookie, and ask the browser to drop anything it
 * cached for this site (a shared lab machine keeps nothing of the mail). A route handler, not a server action,
 * because only a response of our own can carry Clear-Site-Data.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response('Cross-site request refused.', { status: 403 });
  const session = await getSession();
  if (session.sid) {
    revokeSession(session.sid);
    await pool().signOut(session.sid).catch(() => undefined);
  }
  session.destroy();
  return new Response(null, {
    status: 303,
    headers: { Location: '/login?signedout=1', 'Clear-Site-Data': '"cache", "storage"', 'Cache-Control': 'no-store' },
  });
}

export function GET() {
  // A link or prefetch must never sign anyone out; the form posts.
  return new Response(null, { status: 303, headers: { Location: '/mail' } });
}
