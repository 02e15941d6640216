import { partResponse } from '@/lib/mail';

/** One MIME part of a message: an inline image shown in place, or any part as a download streamed from IMAP. */
export function GET(request: Request) {
  return partResponse(request);
}
