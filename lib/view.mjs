// @ts-check
// Which view a page goes out in, standard or Basic HTML. server.mjs, where every page leaves the server, decides it
// once per request and tells the app in a request header; the app (lib/mail/view.ts) sets the cookie and shows the
// way back. lib/basic-html.mjs makes a page Basic HTML.

/** The browser's choice of view on this device: `basic` or `standard`; absent, Save-Data decides. */
export const VIEW_COOKIE = 'feather-view';
/** The request header server.mjs sets on every request (replacing any the client sent): `basic` or `standard`. */
export const VIEW_HEADER = 'x-feather-view';
/** The request header proxy.ts sets: the page's own path and query (under the base path), for links that come back to it. */
export const PAGE_HEADER = 'x-feather-page';
export const VIEWS = /** @type {const} */ (['basic', 'standard']);

/**
 * The view of one request: what the view cookie says, else Basic HTML when the browser asks to save data
 * (`Save-Data: on`, sent by data-saver modes), else standard.
 * @param {string | undefined} cookieHeader the request's Cookie header
 * @param {string | undefined} saveData the request's Save-Data header
 * @returns {'basic' | 'standard'}
 */
export function viewOf(cookieHeader, saveData) {
  const chosen = cookieValue(cookieHeader ?? '', VIEW_COOKIE);
  if (chosen === 'basic' || chosen === 'standard') return chosen;
  return String(saveData ?? '').trim().toLowerCase() === 'on' ? 'basic' : 'standard';
}

/** One cookie's value from a Cookie header (the last one of that name wins, as Next.js reads them). */
function cookieValue(header, name) {
  let value;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) value = pair.slice(eq + 1).trim();
  }
  return value;
}
