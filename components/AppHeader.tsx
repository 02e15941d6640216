import { HOME_URL, SIGN_OUT_URL, settingsUrl } from '@/lib/urls';

/** The bar on every signed-in page: the app name, who is signed in, and "Sign out". */
export function AppHeader({ user }: { user: string }) {
  return (
    <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-300 bg-slate-100 px-3 py-2">
      <a href={HOME_URL} className="font-bold text-slate-900">
        Feather
      </a>{' '}
      <form method="post" action={SIGN_OUT_URL} className="flex items-center gap-3">
        <span className="text-sm text-slate-700">Signed in as {user}</span>{' '}
        <a href={settingsUrl()} className="text-sm">
          Settings
        </a>{' '}
        <button type="submit" className="btn">
          Sign out
        </button>
      </form>
    </header>
  );
}
