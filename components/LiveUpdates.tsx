'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';

interface Change {
  folder: string;
  kind: 'new' | 'flags' | 'expunge' | 'counts' | 'gone';
  uid?: number;
  count?: number;
}

/** How long a burst of changes (a dozen messages filed by another client) is waited out before one refresh. */
const SETTLE_MS = 400;

/**
 * Live updates, with JavaScript: listens to the page's event stream (`url`, /mail/live) and, when something
 * changed, asks the server for the page again (Next.js's refresh: the list, the folder tree's counts and the
 * title, as server components; what the user typed or ticked stays). New mail in the shown folder also says
 * "N new messages"; a message shown here that another client moved or deleted keeps its text, with a line saying
 * so, and the page is not refreshed under it. Without EventSource, or when the server has no room, nothing
 * happens: the page is as current as when it was loaded.
 */
export function LiveUpdates({ url, folder, uid }: { url: string; folder: string; uid?: number }) {
  const router = useRouter();
  const [fresh, setFresh] = useState(0);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let messageGone = false;
    source.addEventListener('change', (e) => {
      let change: Change;
      try {
        change = JSON.parse((e as MessageEvent<string>).data) as Change;
      } catch {
        return;
      }
      if (change.kind === 'gone') {
        if (change.uid === uid) {
          messageGone = true;
          setGone(true);
        }
        return;
      }
      if (change.kind === 'new' && change.folder === folder) setFresh((n) => n + (change.count ?? 1));
      if (messageGone) return;
      clearTimeout(timer);
      timer = setTimeout(() => router.refresh(), SETTLE_MS);
    });
    source.addEventListener('unavailable', () => source.close());
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [url, folder, uid, router]);
  if (!fresh && !gone) return null;
  return (
    <div className="px-3 pt-2 text-sm" aria-live="polite">
      {gone ? <p className="rounded-md border border-line bg-raised px-3 py-2">This message was moved or deleted elsewhere.</p> : null}
      {fresh && !gone ? (
        <p className="rounded-md border border-done-line bg-done-bg px-3 py-2 text-done-text" data-live-notice>
          {fresh} new {fresh === 1 ? 'message' : 'messages'}
        </p>
      ) : null}
    </div>
  );
}
