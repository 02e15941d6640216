import { redirect } from 'next/navigation';
import { currentUser } from '@/lib/mail';
import { HOME_URL, signInUrl } from '@/lib/urls';

export default async function Home() {
  redirect((await currentUser()) ? HOME_URL : signInUrl());
}
