import { uploadResponse } from '@/lib/mail';

/** The upload form's POST: .eml files appended to a folder, then back to it (post/redirect/get). */
export function POST(request: Request) {
  return uploadResponse(request);
}
