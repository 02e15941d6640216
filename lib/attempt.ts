import { toMailError, userMessage, type MailErrorCode } from '@/lib/imap/errors';

export type Attempt<T> = { ok: true; value: T } | { ok: false; code: MailErrorCode; message: string };

/** Runs an IMAP operation for a page: a failure becomes a code and a user message, never a thrown stack trace. */
export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (err) {
    const e = toMailError(err);
    if (e.code === 'server') console.error('IMAP operation failed:', e.message);
    return { ok: false, code: e.code, message: userMessage(e.code) };
  }
}
