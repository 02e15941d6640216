import 'server-only';
// Uploading .eml files into a folder (IMAP APPEND): a route handler, because the limit is the administrator's
// (UPLOAD_MAX_MB, read at start) rather than one fixed when Feather is built, as a server action's is.
import { config } from '@/lib/config';
import { errorRow } from '@/lib/errors';
import { readUploadForm } from '@/lib/form';
import { htmlPage, isSameOrigin, seeOther } from '@/lib/http';
import { folderChoices, pool, storeMessage } from '@/lib/imap';
import { uploadedMessage } from '@/lib/mime/eml';
import { HOME_URL, folderUrl, normalizeFolder, signInUrl, uploadUrl, withStatus, type ActionStatus } from '@/lib/urls';
import { attempt } from './attempt';
import { currentUser } from './account';

/** The upload limit, in bytes, as the form states it. */
export function uploadLimit(): number {
  return config().uploadMaxBytes;
}


/**
 * Answers the upload form's POST (/mail/append): every file is checked to be a mail message first (none is stored
 * when one is not), then each is appended to the folder; back to the folder's list with "Uploaded N", or to the
 * form with what went wrong. A post from another site is refused.
 */
export async function uploadResponse(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    const { status, message } = errorRow('cross-site');
    return htmlPage(status, { title: 'Nothing was uploaded', message, back: { href: HOME_URL, label: 'Go to Inbox' } });
  }
  const target = normalizeFolder(new URL(request.url).searchParams.get('folder')) ?? 'INBOX';
  const user = await currentUser();
  if (!user) return seeOther(signInUrl({ next: uploadUrl(target), error: 'expired' }));
  const max = uploadLimit();
  const read = await readUploadForm(request, { maxFileBytes: max, maxFieldBytes: 4096 });
  if (!read) return seeOther(withStatus(uploadUrl(target), { failed: 'bad-link' }));
  const { form } = read;
  const folder = normalizeFolder(typeof form.get('folder') === 'string' ? (form.get('folder') as string) : undefined) ?? target;
  const back = uploadUrl(folder);
  if (read.filesTooLarge) return seeOther(withStatus(back, { failed: 'too-large' }));
  const files = form.getAll('file').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  if (files.length === 0) return seeOther(withStatus(back, { failed: 'no-file' }));
  const messages = [];
  for (const file of files) {
    const m = uploadedMessage(Buffer.from(await file.arrayBuffer()));
    if (!m.ok) return seeOther(withStatus(back, { failed: 'not-a-message' }));
    messages.push(m);
  }
  const choices = await attempt(() => folderChoices(pool(), user));
  if (!choices.ok) return seeOther(withStatus(back, { failed: choices.code }));
  const choice = choices.value.folders.find((f) => f.path === folder);
  if (!choice) return seeOther(withStatus(back, { failed: 'no-folder' }));
  let stored = 0;
  for (const m of messages) {
    // Marked \Seen: it is the user's own saved mail, not new mail.
    const r = await attempt(() => storeMessage(pool(), user, folder, m.bytes, ['\\Seen'], m.date));
    if (!r.ok) {
      if (errorRow(r.code).signInAgain) return seeOther(signInUrl({ next: back, error: 'expired' }));
      // What was stored before the refusal stays: the status says how many, then why the rest was not.
      const status: ActionStatus = stored > 0 ? { done: 'upload', n: stored, to: choice.label, failed: r.code } : { failed: r.code };
      return seeOther(withStatus(stored > 0 ? folderUrl(folder) : back, status));
    }
    stored++;
  }
  return seeOther(withStatus(folderUrl(folder), { done: 'upload', n: stored, to: choice.label }));
}
