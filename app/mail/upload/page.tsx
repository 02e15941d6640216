import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ActionStatusLine } from '@/components/ActionStatusLine';
import { UploadForm } from '@/components/UploadForm';
import { canSend, moveTargetsOf, requireUser, uploadLimit } from '@/lib/mail';
import { normalizeFolder, statusParam, uploadUrl, type SearchParams } from '@/lib/urls';
import { mailAction } from '../actions';

export const metadata: Metadata = { title: 'Upload messages' };

/** /mail/upload?folder=…: choose .eml files and the folder they go into. */
export default async function UploadPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const folder = normalizeFolder(sp.folder) ?? 'INBOX';
  const user = await requireUser(uploadUrl(folder));
  const status = statusParam(sp);
  return (
    <>
      <AppHeader user={user.user} sending={canSend()} />
      <UploadForm
        folder={folder}
        folders={await moveTargetsOf(user)}
        maxBytes={uploadLimit()}
        status={status ? <ActionStatusLine status={status} action={mailAction} back={uploadUrl(folder)} /> : null}
      />
    </>
  );
}
