import 'server-only';
import { randomBytes } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getIronSession, type IronSession, type SessionOptions } from 'iron-session';
import { config } from '@/lib/config';
import { signInUrl } from '@/lib/urls';
import { SESSION_COOKIE } from './cookie';

export { SESSION_COOKIE };

/** What the sealed cookie holds: enough to reopen the IMAP session, and the user's preferences. */
export interface SessionData {
  /** Random id naming this sign-in; keys the server-side IMAP connection. */
  sid?: string;
  user?: string;
  /** Kept only inside the sealed (encrypted and authenticated) cookie, to reopen IMAP after a drop or restart. */
  password?: string;
  prefs?: Preferences;
}

export interface Preferences {
  textOnly: boolean;
}

export interface SignedIn {
  sid: string;
  user: string;
  password: string;
  prefs: Preferences;
}

/** What a user has set nothing for gets; a sign-in starts with these. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = { textOnly: false };

/** The session's preferences, unset ones filled in from the defaults. */
export function preferencesOf(s: SessionData): Preferences {
  return { ...DEFAULT_PREFERENCES, ...s.prefs };
}

async function sessionOptions(): Promise<SessionOptions> {
  const c = config();
  // Secure when the browser reached us over https (directly or through the school's proxy).
  const h = await headers();
  const proto = h.get('x-forwarded-proto') ?? (process.env.NODE_ENV === 'production' ? '' : 'http');
  return {
    password: c.sessionSecret,
    cookieName: SESSION_COOKIE,
    ttl: c.sessionTtlSeconds,
    cookieOptions: {
      httpOnly: true,
      sameSite: 'lax',
      secure: proto.split(',')[0].trim() === 'https',
      path: '/',
    },
  };
}

export async function getSession(): Promise<IronSession<SessionData>> {
  return getIronSession<SessionData>(await cookies(), await sessionOptions());
}

// Sign-outs of this process, kept until the cookies they ended would have expired anyway, so a copy of a
// signed-out cookie opens nothing. (A restart forgets them; the cookie's own expiry still holds.)
const REVOKED_KEY = Symbol.for('feather.revokedSessions');

function revoked(): Map<string, number> {
  const g = globalThis as unknown as Record<symbol, Map<string, number> | undefined>;
  return (g[REVOKED_KEY] ??= new Map());
}

export function revokeSession(sid: string): void {
  const now = Date.now();
  const list = revoked();
  for (const [id, until] of list) if (until < now) list.delete(id);
  list.set(sid, now + config().sessionTtlSeconds * 1000);
}

/** The signed-in user, or null. Reads only the cookie: no IMAP traffic. */
export async function currentUser(): Promise<SignedIn | null> {
  const s = await getSession();
  if (!s.sid || !s.user || s.password === undefined) return null;
  if (revoked().has(s.sid)) return null;
  return { sid: s.sid, user: s.user, password: s.password, prefs: preferencesOf(s) };
}

/**
 * The signed-in user, or a redirect to /login that brings the visitor back to `returnTo` afterwards.
 * Pages call this first, before anything streams, so the redirect is a real HTTP redirect.
 */
export async function requireUser(returnTo: string): Promise<SignedIn> {
  const u = await currentUser();
  if (!u) redirect(signInUrl({ next: returnTo }));
  return u;
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}
