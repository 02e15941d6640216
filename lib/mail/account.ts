import 'server-only';
// Who is signed in, signing in and out, and the preferences kept with the sign-in. The session cookie and the
// IMAP connection pool are reached from here only.
import { z } from 'zod';
import { errorRow, isMailErrorCode, userMessage, type MailErrorCode } from '@/lib/errors';
import { log } from '@/lib/log.mjs';
import { NO_STORE, htmlPage, isSameOrigin } from '@/lib/http';
import { loadSettings, pool, storeSettings, toMailError } from '@/lib/imap';
import * as session from '@/lib/session';
import { DEFAULT_PREFERENCES, getSession, newSessionId, preferencesOf, revokeSession, touchSession, type Preferences, type SignedIn } from '@/lib/session';
import { HOME_URL, intParam, param, safeReturnPath, signInUrl, viewReturnPath, type SearchParams } from '@/lib/urls';
import { requestContext } from './request';
import { chosenView, keepViewChoice } from './view';
import { signInFailed, signInSucceeded, signInWait } from './signin-limits';

export type { Preferences, SignedIn };

/** A sign-in that ended (idle, past its lifetime) lets go of its IMAP connection too. */
const letGo = (sid: string) => pool().signOut(sid);

/** The signed-in user, or null. Reads only the cookie: no IMAP traffic. */
export async function currentUser(opts: { touch?: boolean } = {}): Promise<SignedIn | null> {
  const { user, ended } = await session.sessionState(opts);
  if (ended) await letGo(ended).catch(() => undefined);
  return user;
}

/** The signed-in user, or a redirect to the sign-in form that comes back to `returnTo` (call it before anything streams). */
export function requireUser(returnTo: string): Promise<SignedIn> {
  return session.requireUser(returnTo, letGo);
}

/** The preferences as stored on the server: what is valid of it over the defaults (another version's extra fields ignored). */
const storedPreferences = z
  .object({
    textOnly: z.boolean(),
    density: z.enum(['comfortable', 'compact']),
    monospace: z.boolean(),
    readingPane: z.boolean(),
    allFolders: z.boolean(),
    autoRefresh: z.boolean(),
    view: z.enum(['auto', 'basic', 'standard']),
  })
  .partial();

function preferencesFromText(text: string): Preferences {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...DEFAULT_PREFERENCES };
  }
  const parsed = storedPreferences.safeParse(json);
  return { ...DEFAULT_PREFERENCES, ...(parsed.success ? parsed.data : {}) };
}

const signInForm = z.object({
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

function field(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Checks the credentials with a real IMAP LOGIN and keeps that connection for the new session, whose sealed cookie
 * is set. Answers where to go: the page asked for (`next`), or the sign-in form again with the reason.
 */
export async function signIn(form: FormData): Promise<string> {
  const next = safeReturnPath(field(form, 'next'));
  const parsed = signInForm.safeParse({ username: field(form, 'username'), password: field(form, 'password') });
  const { id, client } = await requestContext();
  // Who tried, from where, and why it failed: never the password.
  const refused = (reason: MailErrorCode, detail?: string) => log.warn({ req: { id, client }, user: (field(form, 'username') ?? '').slice(0, 320), reason, detail }, 'sign-in failed');
  if (!parsed.success) {
    refused('missing');
    return signInUrl({ error: 'missing', next });
  }
  const { username, password } = parsed.data;
  // Too many failures lately: answered without asking the IMAP server at all.
  const wait = await signInWait(username, client);
  if (wait > 0) {
    refused('slow-down', `${wait} s to wait`);
    return signInUrl({ error: 'slow-down', next, wait });
  }
  const sid = newSessionId();
  try {
    await pool().signIn({ sid, user: username, password });
  } catch (err) {
    const e = toMailError(err);
    // A wrong password and an unknown user are the same 'auth' to IMAP, and count the same here.
    const nextWait = e.code === 'auth' ? await signInFailed(username, client) : 0;
    refused(e.code, nextWait ? `${e.message}; next attempt in ${nextWait} s` : e.message);
    return signInUrl({ error: e.code, next });
  }
  await signInSucceeded(username);
  // The settings follow the user: read from the server where it keeps them (METADATA), else this sign-in's alone.
  const stored = await loadSettings(pool(), { sid, user: username, password }).catch((err) => {
    log.warn({ req: { id, client }, user: username, code: toMailError(err).code, err: toMailError(err).message }, 'settings not read from the server: defaults for this sign-in');
    return undefined;
  });
  const s = await getSession();
  s.sid = sid;
  s.user = username;
  s.password = password;
  s.prefs = stored ? preferencesFromText(stored) : { ...DEFAULT_PREFERENCES };
  s.prefsOnServer = stored !== undefined;
  s.signedInAt = Date.now();
  // The view this user chose elsewhere comes with them, unless this browser has just been given one.
  s.viewFromAccount = s.prefs.view !== 'auto' && (await chosenView()) === undefined;
  if (s.viewFromAccount) await keepViewChoice(s.prefs.view);
  await s.save();
  touchSession(sid);
  log.info({ req: { id, client }, user: username }, 'signed in');
  return next;
}

/** What the sign-in page says above its form: the reason it was sent there, or that the user signed out. */
export function signInNotice(sp: SearchParams): { error: string | null; signedOut: boolean } {
  const code = param(sp.error);
  let error = code ? userMessage(isMailErrorCode(code) ? code : 'server') : null;
  const wait = intParam(sp.wait);
  if (code === 'slow-down' && wait) error = `${error} (About ${wait} ${wait === 1 ? 'second' : 'seconds'}.)`;
  return { error, signedOut: !error && param(sp.signedout) === '1' };
}

/**
 * Sign out: close the IMAP connection, destroy the session cookie, and ask the browser to drop anything it cached for
 * this site (a shared lab machine keeps nothing of the mail). A response of our own, because only that can carry
 * Clear-Site-Data. A post from another site is refused, and leaves the session as it was.
 */
export async function signOutResponse(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    const { status, message } = errorRow('cross-site');
    return htmlPage(status, { title: 'You were not signed out', message, back: { href: HOME_URL, label: 'Go to Inbox' } });
  }
  const s = await getSession();
  if (s.sid) {
    revokeSession(s.sid);
    await pool().signOut(s.sid).catch(() => undefined);
  }
  // The user's view goes with them; a choice made on this browser before signing in stays with the browser.
  if (s.viewFromAccount) await keepViewChoice('auto');
  s.destroy();
  return new Response(null, {
    status: 303,
    headers: { Location: signInUrl({ signedOut: true }), 'Clear-Site-Data': '"cache", "storage"', 'Cache-Control': NO_STORE },
  });
}

/**
 * Saves the preferences a form posted (today "Text only") with the sign-in, then answers where to go: the form's
 * `back`, or the sign-in form when the session is gone.
 */
export async function savePreferences(form: FormData): Promise<string> {
  const back = safeReturnPath(field(form, 'back'));
  if (!(await currentUser())) return signInUrl({ next: back, error: 'expired' });
  const s = await getSession();
  // A form names the preferences it carries (the message page's switch carries only textOnly): an unchecked box
  // sends nothing, so without the names a missing field could not be told from one the form does not have.
  const carried = new Set((field(form, 'prefs') || 'textOnly').split(/\s+/));
  const prefs = { ...preferencesOf(s) };
  if (carried.has('textOnly')) prefs.textOnly = field(form, 'textOnly') === 'on';
  if (carried.has('density')) prefs.density = field(form, 'density') === 'compact' ? 'compact' : 'comfortable';
  if (carried.has('monospace')) prefs.monospace = field(form, 'monospace') === 'on';
  if (carried.has('readingPane')) prefs.readingPane = field(form, 'readingPane') === 'on';
  if (carried.has('allFolders')) prefs.allFolders = field(form, 'allFolders') === 'on';
  if (carried.has('autoRefresh')) prefs.autoRefresh = field(form, 'autoRefresh') === 'on';
  if (carried.has('view')) {
    const view = field(form, 'view');
    prefs.view = view === 'basic' || view === 'standard' ? view : 'auto';
  }
  await keepPreferences(s, prefs, carried.has('view'));
  return back;
}

/** The session's preferences become `prefs`, kept with the sign-in and on the server; `viewChanged`: and in this browser. */
async function keepPreferences(s: Awaited<ReturnType<typeof getSession>>, prefs: Preferences, viewChanged: boolean): Promise<void> {
  s.prefs = prefs;
  if (viewChanged) {
    await keepViewChoice(prefs.view);
    s.viewFromAccount = true;
  }
  await s.save();
  if (s.prefsOnServer && s.sid && s.user && s.password) {
    // Kept with the sign-in in any case; a server that refuses the entry costs only the next machine's copy.
    await storeSettings(pool(), { sid: s.sid, user: s.user, password: s.password }, JSON.stringify(prefs)).catch((err) =>
      log.warn({ user: s.user, code: toMailError(err).code, err: toMailError(err).message }, 'settings not stored on the server: kept with this sign-in only'),
    );
  }
}

/**
 * GET /view?to=basic|standard&back=…: the "Basic HTML version" and "Standard view" links. This browser keeps the
 * choice; a signed-in user's settings keep it too (it follows them). A link, not a form, so it is one click in any
 * browser; it changes nothing but how pages look. Answers 303 back to the page it was clicked on.
 */
export async function viewSwitchResponse(request: Request): Promise<Response> {
  const q = new URL(request.url).searchParams;
  const to = q.get('to');
  const back = viewReturnPath(q.get('back'));
  if (to === 'basic' || to === 'standard') {
    const user = await currentUser();
    if (user) await keepPreferences(await getSession(), { ...user.prefs, view: to }, true);
    else await keepViewChoice(to);
  }
  return new Response(null, { status: 303, headers: { Location: back, 'Cache-Control': NO_STORE } });
}
