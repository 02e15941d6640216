/** The page without its scripts, script preloads and <noscript> wrappers; everything else byte for byte. */
export function basicHtml(html: string): string;
/** A `Link` response header without its script preloads. */
export function linkHeaderWithoutScripts(value: string): string;
