import 'server-only';
import { errorRow, userMessage, type MailErrorCode } from '@/lib/errors';
import { toMailError } from '@/lib/imap';
import { log } from '@/lib/log.mjs';
import { redirectFromPage } from '@/lib/navigate';
import { signInUrl } from '@/lib/urls';
import { requestContext } from './request';

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

// How loud each kind of failure is in the log: what is wrong with the server or the setup above what users do.
const LEVEL: Partial<Record<MailErrorCode, 'error' | 'warn'>> = { server: 'error', 'server-setup': 'error', timeout: 'warn', unreachable: 'warn', busy: 'warn' };

/** Any error as a Failure, logged with its code and the request's id (the page shows only the table's message). */
export async function failure(err: unknown): Promise<Failure> {
  const e = toMailError(err);
  const { id } = await requestContext().catch(() => ({ id: undefined }));
  log[LEVEL[e.code] ?? 'info']({ req: { id }, code: e.code, detail: e.message }, 'IMAP operation failed');
  return { ok: false, code: e.code, message: userMessage(e.code) };
}

/**
 * When any of the results says the sign-in is gone or refused (the table's signInAgain), sends the user to sign in,
 * and back to `here` afterwards. Call it outside try/catch: it throws Next.js's redirect.
 */
export function signInAgainIfNeeded(results: Array<Attempt<unknown> | null>, here: string): void {
  if (results.some((r) => r && !r.ok && errorRow(r.code).signInAgain)) redirectFromPage(signInUrl({ next: here, error: 'expired' }));
}
