import { rawMessageResponse } from '@/lib/mail';

/** A whole message as stored: an .eml download, or its source as text (view=source), streamed from IMAP. */
export function GET(request: Request) {
  return rawMessageResponse(request);
}
