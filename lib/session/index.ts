import 'server-only';
import { randomBytes } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { getIronSession, unsealData, type IronSession, type SessionOptions } from 'iron-session';
import { config } from '@/lib/config';
import { redirectFromPage } from '@/lib/navigate';
import { processWide } from '@/lib/process-state';
import { BASE_PATH, signInUrl } from '@/lib/urls';
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
  /** The IMAP server keeps the preferences too (METADATA): they were read from it at sign-in and are written back. */
  prefsOnServer?: boolean;
  /** When the user signed in (ms): the absolute lifetime counts from here, whatever was saved since. */
  signedInAt?: number;
  /** The browser's view cookie was set from this user's settings (not chosen on the device): sign-out takes it away. */
  viewFromAccount?: boolean;
}

export interface Preferences {
  textOnly: boolean;
  /** Message list rows: roomy (the default) or tight, to see more at once. */
  density: 'comfortable' | 'compact';
  /** Plain-text mail in a monospace font, as written (else a readable proportional one, wrapped). */
  monospace: boolean;
  /** On wide screens a message opens beside the list (the reading pane), else on a page of its own. */
  readingPane: boolean;
  /** The folder pane shows every folder, not only the subscribed ones. */
  allFolders: boolean;
  /** Without JavaScript, a message list reloads itself every minute (with JavaScript, live updates do it). */
  autoRefresh: boolean;
  /** Pages as Basic HTML (no scripts), standard, or 'auto': Basic HTML when the browser asks to save data. */
  view: ViewChoice;
}

export type ViewChoice = 'auto' | 'basic' | 'standard';

export interface SignedIn {
  sid: string;
  user: string;
  password: string;
  prefs: Preferences;
  /** Whether the preferences are kept on the IMAP server (METADATA), not only with this sign-in. */
  prefsOnServer: boolean;
}

/** What a user has set nothing for gets; a sign-in starts with these. */
export const DEFAULT_PREFERENCES: Readonly<Preferences> = { textOnly: false, density: 'comfortable', monospace: false, readingPane: true, allFolders: false, autoRefresh: false, view: 'auto' };

/** The session's preferences, unset ones filled in from the defaults. */
export function preferencesOf(s: SessionData): Preferences {
  return { ...DEFAULT_PREFERENCES, ...s.prefs };
}

/** Attributes of every cookie Feather sets: secure when the browser reached us over https (directly or through the school's proxy), only Feather's own paths. */
export async function cookieAttributes(): Promise<{ httpOnly: true; sameSite: 'lax'; secure: boolean; path: string }> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto') ?? (process.env.NODE_ENV === 'production' ? '' : 'http');
  // Only Feather's own paths get the cookie, not other applications on the same site.
  return { httpOnly: true, sameSite: 'lax', secure: proto.split(',')[0].trim() === 'https', path: BASE_PATH || '/' };
}

async function sessionOptions(): Promise<SessionOptions> {
  const c = config();
  return {
    password: c.sessionSecret,
    cookieName: SESSION_COOKIE,
    ttl: c.sessionTtlSeconds,
    cookieOptions: await cookieAttributes(),
  };
}

/**
 * The session of this request. A cookie sealed with the secret before the last rotation (SESSION_SECRET_PREVIOUS)
 * is read too; the next save seals it with the current one. So a rotation signs nobody out, and the one after it
 * ends what is still sealed with the oldest secret.
 */
export async function getSession(): Promise<IronSession<SessionData>> {
  const jar = await cookies();
  const session = await getIronSession<SessionData>(jar, await sessionOptions());
  const previous = config().previousSessionSecret;
  const sealed = jar.get(SESSION_COOKIE)?.value;
  if (!session.sid && previous && sealed) {
    const older = await unsealData<SessionData>(sealed, { password: previous, ttl: config().sessionTtlSeconds }).catch(() => ({}) as SessionData);
    if (older.sid) Object.assign(session, older);
  }
  return session;
}

// Sign-outs of this process, kept until the cookies they ended would have expired anyway, so a copy of a
// signed-out cookie opens nothing. (A restart forgets them; the cookie's own expiry still holds.)
const revoked = () => processWide('revokedSessions', () => new Map<string, number>());

export function revokeSession(sid: string): void {
  const now = Date.now();
  const list = revoked();
  for (const [id, until] of list) if (until < now) list.delete(id);
  list.set(sid, now + config().sessionTtlSeconds * 1000);
  lastSeen().delete(sid);
}

// When each sign-in of this process was last used, for the idle timeout. (A restart forgets it: a sign-in then
// counts as used at its first request after the restart; the absolute lifetime still holds.)
const lastSeen = () => processWide('sessionLastSeen', () => new Map<string, number>());

/** A sign-in was just used: the idle timeout starts again. */
export function touchSession(sid: string): void {
  const now = Date.now();
  const seen = lastSeen();
  // Forget sign-ins idle past the limit now and then, so the map stays as small as the active sessions.
  if (seen.size > 1000 && Math.random() < 0.01) for (const [id, at] of seen) if (now - at > config().sessionIdleMs) seen.delete(id);
  seen.set(sid, now);
}

/** What the cookie says: the signed-in user, or that there was a sign-in and it has ended (idle, too old, signed out). */
export interface SessionState {
  user: SignedIn | null;
  /** The sign-in this cookie named has ended: its id, so its IMAP connection can be closed too. */
  ended?: string;
}

/**
 * Reads only the cookie and this process's memory: no IMAP traffic. `touch: false` for what the browser asks by
 * itself (a live-updates stream): it does not count as the user's activity, so the idle timeout still holds.
 */
export async function sessionState(opts: { touch?: boolean } = {}): Promise<SessionState> {
  const s = await getSession();
  if (!s.sid || !s.user || s.password === undefined) return { user: null };
  if (revoked().has(s.sid)) return { user: null, ended: s.sid };
  const now = Date.now();
  const c = config();
  const seenAt = lastSeen().get(s.sid);
  if ((s.signedInAt !== undefined && now - s.signedInAt > c.sessionTtlSeconds * 1000) || (seenAt !== undefined && now - seenAt > c.sessionIdleMs)) {
    revokeSession(s.sid);
    return { user: null, ended: s.sid };
  }
  if (opts.touch !== false) touchSession(s.sid);
  return { user: { sid: s.sid, user: s.user, password: s.password, prefs: preferencesOf(s), prefsOnServer: s.prefsOnServer === true } };
}

/** The signed-in user, or null. */
export async function currentUser(): Promise<SignedIn | null> {
  return (await sessionState()).user;
}

/**
 * The signed-in user, or a redirect to /login that brings the visitor back to `returnTo` afterwards (saying the
 * session ended, when the cookie named one). Pages call this first, before anything streams, so the redirect is a
 * real HTTP redirect.
 */
export async function requireUser(returnTo: string, onEnded?: (sid: string) => Promise<void>): Promise<SignedIn> {
  const { user, ended } = await sessionState();
  if (ended && onEnded) await onEnded(ended).catch(() => undefined);
  if (!user) redirectFromPage(signInUrl({ next: returnTo, ...(ended ? { error: 'expired' as const } : {}) }));
  return user;
}

export function newSessionId(): string {
  return randomBytes(18).toString('base64url');
}
