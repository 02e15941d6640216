// Signing in without a browser (rig/signin.ts), at the suite's app by default.
import { inject } from 'vitest';
import { cookieOf, postSignIn as post } from '../../rig/signin';
import { TEST_USERS, type TestUser } from './fixtures';

export { cookieOf };

export function postSignIn(extraHeaders: Record<string, string> = {}, user: TestUser = TEST_USERS.alice, base: string = inject('appUrl')): Promise<Response> {
  return post(base, user.user, user.password, extraHeaders);
}

/** A signed-in session cookie ("name=value") for `user`, at the app of `base` (the suite's app by default). */
export async function sessionCookie(user: TestUser = TEST_USERS.alice, base: string = inject('appUrl')): Promise<string> {
  const res = await postSignIn({}, user, base);
  const cookie = cookieOf(res);
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie;
}
