import 'server-only';
// Live updates for an open page: a stream of server-sent events (/mail/live?folder=…[&uid=…]) fed by the user's one
// watching IMAP connection (lib/imap/watch.ts). Each event names a folder and what changed there; the page itself
// decides what to fetch again. Nothing of the mail is in an event: folders, kinds, UIDs.
import { config } from '@/lib/config';
import { NO_STORE } from '@/lib/http';
import { liveRegistry, pool } from '@/lib/imap';
import { log } from '@/lib/log.mjs';
import { intParam, normalizeFolder } from '@/lib/urls';
import { currentUser } from './account';

/** A comment line this often keeps proxies (nginx's 60 s read timeout) from closing a quiet stream. */
const HEARTBEAT_MS = 25_000;

/**
 * The event stream of one page. 204 (EventSource's "do not reconnect") when there is no signed-in user, live
 * updates are off, or the process watches as many users as it may: the page then stays as it was loaded.
 */
export async function liveResponse(request: Request): Promise<Response> {
  // The stream is the browser's doing, not the user's: it does not keep the sign-in alive.
  const user = await currentUser({ touch: false });
  const { enabled, maxUsers } = config().live;
  if (!user || !enabled) return new Response(null, { status: 204, headers: { 'Cache-Control': NO_STORE } });
  const q = new URL(request.url).searchParams;
  const folder = normalizeFolder(q.get('folder')) ?? 'INBOX';
  const uid = intParam(q.get('uid') ?? undefined);
  const encoder = new TextEncoder();
  let stop: (() => void) | null = null;
  let heartbeat: NodeJS.Timeout | undefined;
  const end = () => {
    clearInterval(heartbeat);
    stop?.();
    stop = null;
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          end();
        }
      };
      const close = () => {
        end();
        try {
          controller.close();
        } catch {
          // closed already
        }
      };
      // When the watching connection ends, so does the stream: the browser reconnects (after `retry`), and a new
      // connection is opened for it.
      stop = liveRegistry(pool(), maxUsers).listen(user, { sid: user.sid, folder, uid, send: (event) => write(`event: change\ndata: ${JSON.stringify(event)}\n\n`), end: close });
      if (!stop) {
        log.warn({ user: user.user, maxUsers }, 'live updates refused: the process watches as many users as LIVE_MAX_USERS allows');
        write('event: unavailable\ndata: {}\n\n');
        controller.close();
        return;
      }
      // The browser may have gone while the sign-in was read: its 'abort' has fired already.
      if (request.signal.aborted) return close();
      // The browser waits this long before reconnecting after a drop.
      write('retry: 5000\n\n');
      heartbeat = setInterval(() => write(': still here\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      // Next.js does not cancel the stream when the browser goes away: the request's signal says so.
      request.signal.addEventListener('abort', close);
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': NO_STORE, 'X-Accel-Buffering': 'no', Connection: 'keep-alive' },
  });
}
