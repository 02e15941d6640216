'use server';
import { redirectFromAction, signIn } from '@/lib/mail';

/** The sign-in form's post: a real IMAP LOGIN, then the page asked for, or the form again with the reason. */
export async function signInAction(form: FormData) {
  await redirectFromAction(await signIn(form));
}
