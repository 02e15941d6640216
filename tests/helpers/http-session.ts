// Signing in without a browser: the login form's fields posted as multipart, as a browser without JavaScript does.
import { expect, inject } from 'vitest';
import { TEST_USERS, type TestUser } from './fixtures';

export async function postSignIn(extraHeaders: Record<string, string> = {}, user: TestUser = TEST_USERS.alice, base: string = inject('appUrl')): Promise<Response> {
  const html = await (await fetch(`${base}/login`)).text();
  const actionField = /name="(\$ACTION_ID_[0-9a-f]+)"/.exec(html)?.[1];
  expect(actionField).toBeDefined();
  const form = new FormData();
  form.set(actionField!, '');
  form.set('next', '/mail');
  form.set('username', user.user);
  form.set('password', user.password);
  return fetch(`${base}/login`, { method: 'POST', body: form, redirect: 'manual', headers: { Origin: base, ...extraHeaders } });
}

/** The session cookie ("name=value") a response sets, if it sets one. */
export function cookieOf(res: Response): string | undefined {
  return /^(feather_session=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
}

/** A signed-in session cookie ("name=value") for `user`, at the app of `base` (the suite's app by default). */
export async function sessionCookie(user: TestUser = TEST_USERS.alice, base: string = inject('appUrl')): Promise<string> {
  const res = await postSignIn({}, user, base);
  const cookie = cookieOf(res);
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}
