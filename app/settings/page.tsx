import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { SettingsForm } from '@/components/SettingsForm';
import { canSend, requireUser } from '@/lib/mail';
import { param, settingsUrl, type SearchParams } from '@/lib/urls';
import { setPreferences } from '../mail/actions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const user = await requireUser(settingsUrl());
  return (
    <>
      <AppHeader user={user.user} sending={canSend()} />
      <SettingsForm action={setPreferences} prefs={user.prefs} saved={param(sp.saved) === '1'} onServer={user.prefsOnServer} />
    </>
  );
}
