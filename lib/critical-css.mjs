// @ts-check
// The Basic HTML sign-in page with the CSS it needs inline and the stylesheet at the end of the page: on a slow link
// it is readable once its own bytes are in, instead of after the whole stylesheet's too (which then loads while the
// user types, and is in the cache for the inbox).
import Beasties from 'beasties';
import { Parser } from 'htmlparser2';

/** Attributes whose values change what a page says, never which CSS rules apply to it (see `shapeOf`). */
const VALUE_ATTRIBUTES = new Set(['value', 'href', 'action', 'content']);
/** Shapes of page kept at most: a sign-in page has a handful (with or without a notice); others go out as they are. */
const MAX_SHAPES = 16;

/**
 * Where a page has its stylesheet link and its `</body>`, and its shape: every tag with its attributes, without the
 * text and the values in VALUE_ATTRIBUTES. Two pages of one shape match the same CSS rules.
 * @param {string} html
 */
function scan(html) {
  /** @type {{ start: number, end: number, href: string } | null} */
  let sheet = null;
  let bodyEnd = -1;
  let sheets = 0;
  const shape = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        shape.push(`<${name}`, ...Object.keys(attribs).map((k) => (VALUE_ATTRIBUTES.has(k) ? k : `${k}=${attribs[k]}`)));
        if (name === 'link' && String(attribs.rel ?? '').toLowerCase() === 'stylesheet' && attribs.href) {
          sheets++;
          const gt = html.indexOf('>', parser.endIndex);
          sheet = { start: parser.startIndex, end: gt < 0 ? html.length : gt + 1, href: attribs.href };
        }
        if (name === 'style') sheets++;
      },
      onclosetag(name, implied) {
        if (name === 'body' && !implied) bodyEnd = parser.startIndex;
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  // One linked stylesheet and nothing else of CSS, as Feather's pages have: anything else is left alone.
  return sheets === 1 && sheet && bodyEnd > sheet.end ? { sheet, bodyEnd, shape: shape.join(' ') } : null;
}

/**
 * A rewriter of pages: `staticRoot` is the build's folder (where `publicPath`, e.g. "/_next/", points). Beasties
 * picks the rules a page uses from its stylesheet (about 0.1 s of CPU for the sign-in page); that is done once per
 * shape of page and kept, then each page gets the kept rules in a `<style>` where its stylesheet link was, and the
 * link before `</body>`, where it blocks nothing above it. A page it cannot do goes out unchanged.
 * @param {{ staticRoot: string, publicPath: string, onError?: (err: unknown) => void }} o
 * @returns {(html: string) => Promise<string>}
 */
export function criticalCss(o) {
  const beasties = new Beasties({
    path: o.staticRoot,
    publicPath: o.publicPath,
    preload: 'body',
    pruneSource: false,
    mergeStylesheets: true,
    reduceInlineStyles: false,
    inlineFonts: false,
    compress: true,
    logLevel: 'silent',
  });
  /** @type {Map<string, Promise<string | null>>} the rules a page of that shape needs, by stylesheet and shape */
  const kept = new Map();
  const rulesFor = (/** @type {string} */ key, /** @type {string} */ html) => {
    let rules = kept.get(key);
    if (!rules) {
      if (kept.size >= MAX_SHAPES) return Promise.resolve(null);
      rules = beasties.process(html).then(
        (out) => /<style>([\s\S]*?)<\/style>/.exec(out)?.[1] ?? null,
        (err) => {
          o.onError?.(err);
          return null;
        },
      );
      kept.set(key, rules);
    }
    return rules;
  };
  return async (html) => {
    const found = scan(html);
    if (!found) return html;
    const { sheet, bodyEnd, shape } = found;
    const rules = await rulesFor(`${sheet.href}\n${shape}`, html);
    if (!rules || rules.includes('</')) return html;
    return html.slice(0, sheet.start) + `<style>${rules}</style>` + html.slice(sheet.end, bodyEnd) + html.slice(sheet.start, sheet.end) + html.slice(bodyEnd);
  };
}
