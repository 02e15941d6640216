import type { Metadata } from 'next';
import { AppHeader } from '@/components/AppHeader';
import { requireUser } from '@/lib/session';
import { param } from '@/lib/urls';
import { setTextOnly } from '../mail/actions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const user = await requireUser('/settings');
  return (
    <>
      <AppHeader user={user.user} />
      <main id="main" className="mx-auto max-w-xl p-3">
        <h1 className="my-2 text-xl font-bold">Settings</h1>
        {param(sp.saved) === '1' ? (
          <p role="status" className="my-2 rounded border border-green-300 bg-green-50 p-2">
            Settings saved.
          </p>
        ) : null}
        <form action={setTextOnly} className="flex flex-col gap-3">
          <input type="hidden" name="back" value="/settings?saved=1" />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="textOnly" defaultChecked={user.prefs.textOnly} className="mt-1" />
            <span>
              Text only
              <span className="block text-sm text-slate-700">Show the plain-text version of messages; HTML is never downloaded when a text version exists, and HTML-only mail is converted to text on the server. Lightest on slow links.</span>
            </span>
          </label>
          <button type="submit" className="btn self-start">
            Save settings
          </button>
        </form>
        <h2 className="mt-6 font-bold">Keyboard</h2>
        <p className="text-sm">
          Every action is a link or a button, reachable with Tab. With JavaScript on, these keys also work:
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          <dt><kbd>j</kbd> / <kbd>k</kbd></dt>
          <dd>next / previous message in the list</dd>
          <dt><kbd>o</kbd></dt>
          <dd>open the selected message</dd>
          <dt><kbd>u</kbd></dt>
          <dd>back to the message list</dd>
        </dl>
        <p className="mt-4">
          <a href="/mail" data-nav="up">Back to Inbox</a>
        </p>
      </main>
    </>
  );
}
