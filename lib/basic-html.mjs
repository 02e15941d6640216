// @ts-check
// Basic HTML: a page as HTML and CSS only, made from the page the app rendered, on its way out of server.mjs.
import { Parser } from 'htmlparser2';

/** Whether an open tag is a hint to fetch a script ahead (modulepreload, or any link `as="script"`). */
function isScriptHint(name, attribs) {
  if (name !== 'link') return false;
  const rel = String(attribs.rel ?? '').toLowerCase().split(/\s+/);
  return rel.includes('modulepreload') || String(attribs.as ?? '').toLowerCase() === 'script';
}

/**
 * The page as Basic HTML: HTML and CSS only. It drops every `<script>` element with what is in it (Next.js's own
 * bundles and its inline hydration data, `self.__next_f.push(…)`), every link that preloads a script, and the
 * `<noscript>` tags around their content (what a page without scripts shows; a browser with scripting on would
 * otherwise ignore it). Everything else is kept as the server wrote it, byte for byte: the parts between what is
 * dropped are copied from the input. htmlparser2's tokenizer finds the tags (script text is raw text up to its end
 * tag, quoted attribute values are read as values), so a `<script` in the text of a mail or a `</script>` in an
 * attribute is not taken for a tag.
 * @param {string} html
 * @returns {string}
 */
export function basicHtml(html) {
  /** [start, end) ranges of the input to leave out, in order. */
  const cuts = [];
  let scriptStart = -1;
  // Past the tag's `>` (the tokenizer's end index stops before the spaces of `</script >`).
  const tagEnd = () => {
    const gt = html.indexOf('>', parser.endIndex);
    return gt < 0 ? html.length : gt + 1;
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'script') scriptStart = parser.startIndex;
        else if (scriptStart < 0 && (name === 'noscript' || isScriptHint(name, attribs))) cuts.push([parser.startIndex, tagEnd()]);
      },
      onclosetag(name, implied) {
        if (name === 'script' && scriptStart >= 0) {
          // A script never closed runs to the end of the page.
          cuts.push([scriptStart, implied ? html.length : tagEnd()]);
          scriptStart = -1;
        } else if (name === 'noscript' && !implied) cuts.push([parser.startIndex, tagEnd()]);
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  let out = '';
  let at = 0;
  for (const [start, end] of cuts) {
    if (start < at) continue;
    out += html.slice(at, start);
    at = end;
  }
  return out + html.slice(at);
}

/**
 * A `Link` response header without its script preloads (Next.js may announce its bundles there too).
 * @param {string} value
 * @returns {string}
 */
export function linkHeaderWithoutScripts(value) {
  // Entries are `<url>; param=value…`, comma separated; a URL (in angle brackets) may itself hold commas.
  const entries = value.match(/<[^>]*>[^,<]*/g) ?? [];
  return entries
    .map((e) => e.trim())
    .filter((e) => !/;\s*rel="?[^";]*\bmodulepreload\b/i.test(e) && !/;\s*as="?script"?(\s*;|\s*$)/i.test(e))
    .join(', ');
}
