'use server';
import { redirect } from 'next/navigation';
import { safeReturnPath } from '@/lib/urls';
import { getSession } from '@/lib/session';

/** The one-click "Text only" switch: a preference kept in the session, then back to where the user was. */
export async function setTextOnly(formData: FormData) {
  const session = await getSession();
  const back = safeReturnPath(String(formData.get('back') ?? ''));
  if (!session.sid) redirect(`/login?next=${encodeURIComponent(back)}`);
  session.prefs = { ...(session.prefs ?? { textOnly: false }), textOnly: formData.get('textOnly') === 'on' };
  await session.save();
  redirect(back);
}
