import { HOME_URL } from '@/lib/urls';

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-4">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="my-3">There is no page at this address.</p>
      <p className="running">
        <a href={HOME_URL}>Go to Inbox</a>
      </p>
    </main>
  );
}
