import { liveResponse } from '@/lib/mail';

/** Live updates of an open page: server-sent events, from the user's one watching IMAP connection. */
export function GET(request: Request) {
  return liveResponse(request);
}

// A stream per open page, never cached, never prerendered.
export const dynamic = 'force-dynamic';
