import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ActionStatusLine } from '@/components/ActionStatusLine';
import { FolderManager } from '@/components/FolderManager';
import { canSend, folderManagerView, requireUser } from '@/lib/mail';
import { manageFoldersUrl, normalizeFolder, statusParam, type SearchParams } from '@/lib/urls';
import { folderAction, mailAction } from '../mail/actions';

export const metadata: Metadata = { title: 'Manage folders' };

/** "Manage folders" (/folders): create, rename, delete, subscribe; ?rename=<path> opens a rename form, ?delete=<path> a confirmation. */
export default async function FoldersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const user = await requireUser(manageFoldersUrl());
  const remove = normalizeFolder(sp.delete);
  const view = await folderManagerView(user, { remove });
  const status = statusParam(sp);
  return (
    <>
      <AppHeader user={user.user} sending={canSend()} />
      <FolderManager
        view={view}
        action={folderAction}
        renaming={normalizeFolder(sp.rename)}
        status={status ? <ActionStatusLine status={status} action={mailAction} back={manageFoldersUrl()} /> : null}
      />
    </>
  );
}
