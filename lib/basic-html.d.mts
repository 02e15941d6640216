import type { Transform } from 'node:stream';
/** A Transform stream of strings: the page's HTML in, the same page without scripts, script preloads or <noscript> wrappers out. */
export function basicHtmlRewriter(): Transform;
/** A `Link` response header without its script preloads. */
export function linkHeaderWithoutScripts(value: string): string;
