'use server';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '@/lib/urls';
import { z } from 'zod';
import { MailError, pool } from '@/lib/imap';
import { getSession, newSessionId } from '@/lib/session';

const form = z.object({
  username: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  next: z.string().max(2048).optional(),
});

/** Checks the credentials with a real IMAP LOGIN and keeps that connection for the new session. */
export async function signIn(formData: FormData) {
  const parsed = form.safeParse({ username: formData.get('username'), password: formData.get('password'), next: formData.get('next') ?? undefined });
  const next = safeReturnPath(typeof formData.get('next') === 'string' ? (formData.get('next') as string) : undefined);
  const back = (error: string) => `/login?${new URLSearchParams({ error, next })}`;
  if (!parsed.success) redirect(back('missing'));
  const { username, password } = parsed.data;
  const sid = newSessionId();
  let failure: string | null = null;
  try {
    await pool().signIn({ sid, user: username, password });
  } catch (err) {
    failure = err instanceof MailError ? err.code : 'server';
  }
  if (failure) redirect(back(failure));
  const session = await getSession();
  session.sid = sid;
  session.user = username;
  session.password = password;
  session.prefs = session.prefs ?? { textOnly: false };
  await session.save();
  redirect(next);
}
