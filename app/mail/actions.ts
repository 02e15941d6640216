'use server';
import { redirectFromAction, runFolderAction, runMailAction, savePreferences } from '@/lib/mail';

/** Preferences ("Text only" on a message, the folder pane's "Show all folders", the Settings form): saved, then back. */
export async function setPreferences(form: FormData) {
  await redirectFromAction(await savePreferences(form));
}

/** An action on messages (the list's toolbar, the message view's buttons): done on the server, then back with its status. */
export async function mailAction(form: FormData) {
  await redirectFromAction(await runMailAction(form));
}

/** A change to a folder ("Manage folders": create, rename, delete, subscribe): done on the server, then back with its status. */
export async function folderAction(form: FormData) {
  await redirectFromAction(await runFolderAction(form));
}
