import type { Metadata } from 'next';
import { SignInForm } from '@/components/SignInForm';
import { currentUser, pageView, redirectFromPage, signInNotice } from '@/lib/mail';
import { param, safeReturnPath, viewUrl, type SearchParams } from '@/lib/urls';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const next = safeReturnPath(param(sp.next));
  if (await currentUser()) redirectFromPage(next);
  const { view, here } = await pageView();
  return <SignInForm action={signInAction} next={next} {...signInNotice(sp)} basicHtmlHref={view === 'standard' ? viewUrl('basic', here) : null} />;
}
