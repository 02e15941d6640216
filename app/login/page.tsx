import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { isMailErrorCode, userMessage } from '@/lib/imap/errors';
import { currentUser } from '@/lib/session';
import { param, safeReturnPath } from '@/lib/urls';
import { signIn } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

const EXTRA_MESSAGES: Record<string, string> = {
  missing: 'Please enter your username and password.',
  expired: 'Your session has ended. Please sign in again.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeReturnPath(param(sp.next));
  if (await currentUser()) redirect(next);
  const error = param(sp.error);
  const message = error ? (isMailErrorCode(error) ? userMessage(error) : EXTRA_MESSAGES[error] ?? userMessage('server')) : null;
  const signedOut = param(sp.signedout) === '1';
  return (
    <main id="main" className="mx-auto max-w-sm p-4">
      <h1 className="mb-4 text-2xl font-bold">Sign in to Feather</h1>
      {message ? (
        <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-red-900">
          {message}
        </p>
      ) : null}
      {signedOut && !message ? (
        <p role="status" className="mb-3 rounded border border-green-300 bg-green-50 p-2">
          You are signed out.
        </p>
      ) : null}
      <form action={signIn} className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col">
          Username
          <input name="username" type="text" autoComplete="username" required autoCapitalize="none" spellCheck={false} className="rounded border border-slate-500 p-1" />
        </label>
        <label className="flex flex-col">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="rounded border border-slate-500 p-1" />
        </label>
        <button type="submit" className="btn self-start">
          Sign in
        </button>
      </form>
      <p className="mt-6 text-sm text-slate-700">On a shared computer, remember to sign out when you are done.</p>
    </main>
  );
}
