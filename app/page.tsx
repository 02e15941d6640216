import { currentUser, redirectFromPage } from '@/lib/mail';
import { HOME_URL, signInUrl } from '@/lib/urls';

export default async function Home() {
  redirectFromPage((await currentUser()) ? HOME_URL : signInUrl());
}
