'use server';
import { redirectFromAction, savePreferences } from '@/lib/mail';

/** "Text only" (the message view's one-click switch and the Settings form): kept with the sign-in, then back. */
export async function setTextOnly(form: FormData) {
  await redirectFromAction(await savePreferences(form));
}
