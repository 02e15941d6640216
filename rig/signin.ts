// Signing in without a browser: the login form's fields posted as multipart, as a browser without JavaScript does.
// For the tests and the bench.

/** The sign-in post's response (a 303 with the session cookie when it worked). */
export async function postSignIn(base: string, user: string, password: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
  const html = await (await fetch(`${base}/login`)).text();
  const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
  if (!actionField) throw new Error('the sign-in page has no server action field');
  const form = new FormData();
  form.set(actionField, '');
  form.set('next', '/mail');
  form.set('username', user);
  form.set('password', password);
  return fetch(`${base}/login`, { method: 'POST', body: form, redirect: 'manual', headers: { Origin: base, ...extraHeaders } });
}

/** The session cookie ("name=value") a response sets, if it sets one. */
export function cookieOf(res: Response): string | undefined {
  for (const cookie of res.headers.getSetCookie()) {
    const session = /^(feather_session=[^;]+)/.exec(cookie)?.[1];
    if (session) return session;
  }
  return undefined;
}
