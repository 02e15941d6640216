import 'server-only';
// The view of the page (standard or Basic HTML: lib/view.mjs), as server.mjs decided it, and the cookie that keeps
// this browser's choice. The choice is set by the "Basic HTML version" and "Standard view" links (GET /view) and by
// the settings; a signed-in user's choice is kept with the other settings, on the server, and comes back at sign-in.
import { cookies, headers } from 'next/headers';
import { PAGE_HEADER, VIEW_COOKIE, VIEW_HEADER, type View } from '@/lib/view.mjs';
import { cookieAttributes, type ViewChoice } from '@/lib/session';
import { HOME_URL, viewReturnPath } from '@/lib/urls';

/** A year: the choice is the device's (a slow link stays slow), until changed. */
const VIEW_COOKIE_SECONDS = 365 * 24 * 3600;

export interface PageView {
  view: View;
  /** This page's path and query, where a view switch comes back to. */
  here: string;
}

/** How this page goes out (standard without server.mjs, as under `next dev`). */
export async function pageView(): Promise<PageView> {
  const h = await headers();
  return { view: h.get(VIEW_HEADER) === 'basic' ? 'basic' : 'standard', here: viewReturnPath(h.get(PAGE_HEADER) ?? HOME_URL) };
}

/** This browser's own choice, if it made one (absent: Save-Data decides). */
export async function chosenView(): Promise<View | undefined> {
  const v = (await cookies()).get(VIEW_COOKIE)?.value;
  return v === 'basic' || v === 'standard' ? v : undefined;
}

/** Keeps `choice` in this browser ('auto': none kept, Save-Data decides). Only in a server action or a route handler. */
export async function keepViewChoice(choice: ViewChoice): Promise<void> {
  const jar = await cookies();
  if (choice === 'auto') jar.delete({ name: VIEW_COOKIE, path: (await cookieAttributes()).path });
  else jar.set(VIEW_COOKIE, choice, { ...(await cookieAttributes()), maxAge: VIEW_COOKIE_SECONDS });
}
