'use client';
import { buttonClass } from '@/components/ui/Button';
import { HOME_URL } from '@/lib/urls';
// Last resort for anything unexpected: a plain message and a way on, never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl p-4">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p role="alert" className="my-3">
        Feather could not show this page. Your mail is safe on the mail server.
      </p>
      <p className="running flex items-center gap-4">
        <button type="button" className={buttonClass()} onClick={reset}>
          Try again
        </button>{' '}
        <a href={HOME_URL}>Go to Inbox</a>
      </p>
    </main>
  );
}
