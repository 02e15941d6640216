import 'server-only';
import { redirect } from 'next/navigation';
import { errorRow, userMessage, type MailErrorCode } from '@/lib/errors';
import { toMailError } from '@/lib/imap';
import { signInUrl } from '@/lib/urls';

export type Failure = { ok: false; code: MailErrorCode; message: string };
export type Attempt<T> = { ok: true; value: T } | Failure;

/** Runs mail work for a page: a failure becomes a code and the user's message, never a thrown stack trace. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    return failure(err);
  }
}

/** Any error as a Failure; the unexpected ones get a line in the server's log (the page shows only the message). */
export function failure(err: unknown): Failure {
  const e = toMailError(err);
  if (e.code === 'server') console.error('IMAP operation failed:', e.message);
  return { ok: false, code: e.code, message: userMessage(e.code) };
}

/**
 * When any of the results says the sign-in is gone or refused (the table's signInAgain), sends the user to sign in,
 * and back to `here` afterwards. Call it outside try/catch: it throws Next.js's redirect.
 */
export function signInAgainIfNeeded(results: Array<Attempt<unknown> | null>, here: string): void {
  if (results.some((r) => r && !r.ok && errorRow(r.code).signInAgain)) redirect(signInUrl({ next: here, error: 'expired' }));
}
