import { Notice } from './Notice';
import { Button } from './ui/Button';
import { FormField } from './ui/FormField';
import { ICON_SPRITE_URL, Icon } from './ui/Icon';

/** The sign-in page: a plain form posted to a server action, so it works without JavaScript and in text browsers. */
export function SignInForm({
  action,
  next,
  error,
  signedOut,
  basicHtmlHref,
}: {
  action: (form: FormData) => Promise<void>;
  next: string;
  error: string | null;
  signedOut: boolean;
  /** The "Basic HTML version" link, on the standard view only. */
  basicHtmlHref: string | null;
}) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-sm flex-col justify-center p-4">
      {/* On a slow link the sprite would share the first visit's bytes with the stylesheet: this page draws its one
          icon inline and asks for the sprite at the lowest priority, so the inbox finds it cached. */}
      <link rel="prefetch" href={ICON_SPRITE_URL} />
      <div className="rounded-xl border border-line bg-surface p-6">
        <p className="mb-4 flex items-center gap-2 text-lg font-semibold">
          <Icon name="mail" size={24} className="text-accent" inline />
          Feather
        </p>
        <h1 className="mb-4 text-2xl font-semibold">Sign in to Feather</h1>
        {error ? <Notice kind="error">{error}</Notice> : null}
        {signedOut ? <Notice kind="done">You are signed out.</Notice> : null}
        <form action={action} className="flex flex-col gap-4">
          <input type="hidden" name="next" value={next} />
          <FormField label="Username" name="username" type="text" autoComplete="username" required autoCapitalize="none" spellCheck={false} />
          <FormField label="Password" name="password" type="password" autoComplete="current-password" required />
          <Button variant="primary" className="self-stretch">
            Sign in
          </Button>
        </form>
      </div>
      <p className="mt-4 text-center text-sm text-muted">On a shared computer, remember to sign out when you are done.</p>
      {basicHtmlHref ? (
        <p className="mt-2 text-center text-sm">
          Slow connection? <a href={basicHtmlHref} className="text-accent underline">Basic HTML version</a>
        </p>
      ) : null}
    </main>
  );
}
