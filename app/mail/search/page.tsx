import type { Metadata } from 'next';
import { AdvancedSearchForm } from '@/components/AdvancedSearchForm';
import { AppHeader } from '@/components/AppHeader';
import { canSend, moveTargetsOf, requireUser } from '@/lib/mail';
import { advancedSearchUrl, mailboxParams, readSearch, type SearchParams } from '@/lib/urls';

export const metadata: Metadata = { title: 'Advanced search' };

/** /mail/search?folder=…: the advanced search form, filled in with the search in the URL (from "Change search"). */
export default async function AdvancedSearchPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const { folder } = mailboxParams(sp);
  const user = await requireUser(advancedSearchUrl(folder));
  return (
    <>
      <AppHeader user={user.user} sending={canSend()} />
      <AdvancedSearchForm folder={folder} folders={await moveTargetsOf(user)} search={readSearch(sp).search} />
    </>
  );
}
