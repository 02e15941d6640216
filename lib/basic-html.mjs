// @ts-check
// Basic HTML: a page as HTML and CSS only, made from the page the app rendered, on its way out of server.mjs.
import { RewritingStream } from 'parse5-html-rewriting-stream';

/** Whether a start tag is a hint to fetch a script ahead (modulepreload, or any link `as="script"`). */
function isScriptHint(tag) {
  if (tag.tagName !== 'link') return false;
  const attr = (name) => tag.attrs.find((a) => a.name === name)?.value.toLowerCase() ?? '';
  return attr('rel').split(/\s+/).includes('modulepreload') || attr('as') === 'script';
}

/**
 * A rewriter that turns a page into Basic HTML: HTML and CSS only. It drops every `<script>` element with what is in
 * it (Next.js's own bundles and its inline hydration data, `self.__next_f.push(…)`), every link that preloads a
 * script, and unwraps `<noscript>` (its content is what a page without scripts shows; a browser with scripting on
 * would otherwise ignore it). Everything else passes through as the server wrote it, byte for byte. It is the WHATWG
 * tokenizer (parse5), so a `</script>` or `<script` inside an attribute or a comment is seen for what it is.
 * Write the page's text to it and read the Basic HTML from it (a Transform stream of strings).
 */
export function basicHtmlRewriter() {
  const rewriter = new RewritingStream();
  let inScript = false;
  rewriter.on('startTag', (tag, raw) => {
    if (tag.tagName === 'script') {
      // `<script/>` opens a script all the same in HTML: its text runs up to `</script>`.
      inScript = true;
      return;
    }
    if (inScript || tag.tagName === 'noscript' || isScriptHint(tag)) return;
    rewriter.emitRaw(raw);
  });
  rewriter.on('endTag', (tag, raw) => {
    if (tag.tagName === 'script') {
      inScript = false;
      return;
    }
    if (inScript || tag.tagName === 'noscript') return;
    rewriter.emitRaw(raw);
  });
  rewriter.on('text', (_text, raw) => {
    if (!inScript) rewriter.emitRaw(raw);
  });
  return rewriter;
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
