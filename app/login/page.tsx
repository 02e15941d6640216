import type { Metadata } from 'next';
import { SignInForm } from '@/components/SignInForm';
import { currentUser, redirectFromPage, signInNotice } from '@/lib/mail';
import { param, safeReturnPath, type SearchParams } from '@/lib/urls';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const next = safeReturnPath(param(sp.next));
  if (await currentUser()) redirectFromPage(next);
  return <SignInForm action={signInAction} next={next} {...signInNotice(sp)} />;
}
