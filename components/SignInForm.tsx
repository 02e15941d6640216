import { Notice } from './Notice';

/** The sign-in page: a plain form posted to a server action, so it works without JavaScript and in text browsers. */
export function SignInForm({ action, next, error, signedOut }: { action: (form: FormData) => Promise<void>; next: string; error: string | null; signedOut: boolean }) {
  return (
    <main id="main" className="mx-auto max-w-sm p-4">
      <h1 className="mb-4 text-2xl font-bold">Sign in to Feather</h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {signedOut ? <Notice kind="done">You are signed out.</Notice> : null}
      <form action={action} className="flex flex-col gap-3">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col">
          Username
          <input name="username" type="text" autoComplete="username" required autoCapitalize="none" spellCheck={false} className="rounded border border-slate-500 p-1" />
        </label>
        <label className="flex flex-col">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="rounded border border-slate-500 p-1" />
        </label>
        <button type="submit" className="btn self-start">
          Sign in
        </button>
      </form>
      <p className="mt-6 text-sm text-slate-700">On a shared computer, remember to sign out when you are done.</p>
    </main>
  );
}
