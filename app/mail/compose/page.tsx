import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { ActionStatusLine } from '@/components/ActionStatusLine';
import { ComposeForm } from '@/components/ComposeForm';
import { canSend, composeView, requireUser, uploadLimit } from '@/lib/mail';
import { composeUrl, statusParam, type SearchParams } from '@/lib/urls';
import { mailAction } from '../actions';

export const metadata: Metadata = { title: 'New message' };

/** /mail/compose: a new message, or (?draft=&draftuv=) a draft from the Drafts folder, to send or save again. */
export default async function ComposePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const user = await requireUser(composeUrl());
  const view = await composeView(user, sp);
  const status = statusParam(sp);
  return (
    <>
      <AppHeader user={user.user} sending={canSend()} />
      <ComposeForm view={view} maxBytes={uploadLimit()} status={status ? <ActionStatusLine status={status} action={mailAction} back={composeUrl(view.draft)} /> : null} />
    </>
  );
}
