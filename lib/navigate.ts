import 'server-only';
// Next.js's redirect() for the URLs lib/urls makes, which carry the base path (FEATHER_BASE_PATH). Next.js 16 does
// not treat every redirect alike under a base path: from a page it puts the base path in front of the Location
// itself; from a server action posted by script (Next-Action header) the router does; but the 303 of a server action
// posted by a plain form (JavaScript off, text browsers) carries the URL exactly as given. So each kind of caller
// has its function here, and none calls redirect() with a URL of lib/urls directly. At the site's root (no base
// path) both are plain redirect().
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { appPath } from '@/lib/urls';

/** From a page (a server component, before anything streams): Next.js adds the base path to what it is given. */
export function redirectFromPage(url: string): never {
  redirect(appPath(url) ?? url);
}

/** From a server action: the app's own path when the router follows it (script), the whole URL for a plain form post. */
export async function redirectFromAction(url: string): Promise<never> {
  const byScript = (await headers()).has('next-action');
  redirect(byScript ? (appPath(url) ?? url) : url);
}
