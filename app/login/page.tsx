import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/SignInForm';
import { currentUser, signInNotice } from '@/lib/mail';
import { param, safeReturnPath, type SearchParams } from '@/lib/urls';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const next = safeReturnPath(param(sp.next));
  if (await currentUser()) redirect(next);
  return <SignInForm action={signInAction} next={next} {...signInNotice(sp)} />;
}
