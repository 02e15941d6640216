'use server';
import { redirect } from 'next/navigation';
import { savePreferences } from '@/lib/mail';

/** "Text only" (the message view's one-click switch and the Settings form): kept with the sign-in, then back. */
export async function setTextOnly(form: FormData) {
  redirect(await savePreferences(form));
}
