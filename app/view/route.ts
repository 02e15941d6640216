import { viewSwitchResponse } from '@/lib/mail';

/** The "Basic HTML version" and "Standard view" links: this browser's view, then back to the page. */
export function GET(request: Request) {
  return viewSwitchResponse(request);
}
