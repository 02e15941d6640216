import { HOME_URL, SIGN_OUT_URL, composeUrl, settingsUrl } from '@/lib/urls';
import { Icon } from './ui/Icon';
import { buttonClass } from './ui/Button';

/**
 * The bar on every signed-in page: the app's name, on phones the "Folders" link that opens the folder pane, "New
 * message" (or, where Feather has no server to send through, that it reads mail only), who is signed in, Settings
 * and "Sign out". Compact, one line on a phone.
 */
export function AppHeader({ user, folders = false, sending }: { user: string; folders?: boolean; sending: boolean }) {
  return (
    <header className="flex items-center gap-2 border-b border-line bg-surface px-3 py-1.5">
      {folders ? (
        <a href="#folders" className={buttonClass('quiet', 'narrow-only w-9')} title="Folders">
          <Icon name="menu" label="Folders" />
        </a>
      ) : null}
      <a href={HOME_URL} className="flex items-center gap-1.5 font-semibold text-ink">
        <Icon name="mail" size={20} className="text-accent" />
        <span className="max-sm:sr-only">Feather</span>
      </a>{' '}
      {sending ? (
        <a href={composeUrl()} className={buttonClass('primary', 'ml-2')}>
          <Icon name="drafts" />
          <span className="max-sm:sr-only">New message</span>
        </a>
      ) : (
        <span className="ml-2 text-sm text-muted">Reading only: sending is not set up</span>
      )}{' '}
      <form method="post" action={SIGN_OUT_URL} className="ml-auto flex items-center gap-1">
        <span className="hidden truncate text-sm text-muted sm:inline">Signed in as {user}</span>{' '}
        <a href={settingsUrl()} className={buttonClass('quiet')}>
          <Icon name="settings" />
          <span className="max-sm:sr-only">Settings</span>
        </a>{' '}
        <button type="submit" className={buttonClass('secondary')}>
          <Icon name="signout" />
          Sign out
        </button>
      </form>
    </header>
  );
}
