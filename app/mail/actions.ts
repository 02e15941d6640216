'use server';
import { redirectFromAction, runMailAction, savePreferences } from '@/lib/mail';

/** "Text only" (the message view's one-click switch and the Settings form): kept with the sign-in, then back. */
export async function setTextOnly(form: FormData) {
  await redirectFromAction(await savePreferences(form));
}

/** An action on messages (the list's toolbar, the message view's buttons): done on the server, then back with its status. */
export async function mailAction(form: FormData) {
  await redirectFromAction(await runMailAction(form));
}
