import { sendResponse } from '@/lib/mail';

/** The compose form's POST: "Send" or "Save draft", then a redirect (a reload sends nothing again). */
export function POST(request: Request) {
  return sendResponse(request);
}
