export const VIEW_COOKIE: 'feather-view';
export const VIEW_HEADER: 'x-feather-view';
export const PAGE_HEADER: 'x-feather-page';
export const VIEWS: readonly ['basic', 'standard'];
export type View = (typeof VIEWS)[number];
/** The view of one request: the view cookie's, else Basic HTML for `Save-Data: on`, else standard. */
export function viewOf(cookieHeader: string | undefined, saveData: string | string[] | undefined): View;
