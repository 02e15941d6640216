// A decoded text/plain body as blocks to show: RFC 3676 format=flowed undone (or, for fixed text, every line kept
// as written), '>' quotes as nested quote blocks, paragraphs at blank lines, and URLs and e-mail addresses as link
// segments found by linkifyjs. Pure: no React, no I/O. The work is linear in the text's length (each line is looked
// at once, the quote nesting is capped, the link search has a budget), so an 8 MB body cannot stall a page.
import { find } from 'linkifyjs';

/** Quotes nest at most this deep; deeper lines are shown at this depth (their '>' marks still removed). */
export const MAX_QUOTE_DEPTH = 10;
/** Characters searched for links per body, at most (only lines that can hold one count); the rest stays text. */
export const LINK_SEARCH_BUDGET = 256 * 1024;
/** A longer logical line is not searched for links (linkifyjs is linear, but not cheap per character). */
export const LINK_SEARCH_MAX_LINE = 64 * 1024;

/** How the part says its lines are to be read: its Content-Type's `format=flowed` and `delsp=yes`. */
export interface TextFormat {
  flowed: boolean;
  delSp: boolean;
}

export const FIXED_TEXT: TextFormat = { flowed: false, delSp: false };

/** A run of a line: plain text, or a link (http, https or mailto only) with the text it was found as. */
export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** A paragraph's lines (each shown on a line of its own; a flowed line is the whole joined paragraph line), or a quote. */
export type TextBlock = { kind: 'paragraph'; lines: TextSegment[][] } | { kind: 'quote'; blocks: TextBlock[] };

/** One line after its quote marks (and, in flowed text, its space-stuffing) are taken off. */
interface Line {
  depth: number;
  text: string;
}

const SIGNATURE_SEPARATOR = '-- ';

/**
 * Quote depth and content of one physical line. Each leading '>' counts, with one space after it taken off
 * ("> > a", ">> a" and ">>a" are all depth 2, "a"): RFC 3676 writes the marks together and puts one stuffed space
 * after them, older clients write "> " per level, and both mean the same to a reader.
 */
function splitQuote(raw: string, flowed: boolean): Line {
  let i = 0;
  let depth = 0;
  while (raw.charCodeAt(i) === 0x3e /* > */) {
    depth++;
    i++;
    if (raw.charCodeAt(i) === 0x20) i++;
  }
  // Flowed text space-stuffs a line that starts with a space, '>' or "From " (RFC 3676 §4.4): one space goes.
  if (flowed && depth === 0 && raw.charCodeAt(0) === 0x20) i = 1;
  return { depth: Math.min(depth, MAX_QUOTE_DEPTH), text: i ? raw.slice(i) : raw };
}

/**
 * The logical lines of the text. Fixed text: one per physical line. Flowed (RFC 3676 §4.2): a line ending in a
 * space is continued by the next line of the same quote depth (without that space when DelSp=yes); the signature
 * separator "-- " is never flowed and stands alone; a flowed line followed by another depth ends there (§4.5), and
 * so does one followed by an empty line (which stays the paragraph break it looks like).
 */
function logicalLines(text: string, format: TextFormat): Line[] {
  const physical = text.split(/\r?\n/);
  if (physical.length > 1 && physical[physical.length - 1] === '') physical.pop();
  if (!format.flowed) return physical.map((raw) => splitQuote(raw, false));

  const out: Line[] = [];
  let open: { depth: number; parts: string[] } | null = null;
  const close = () => {
    if (open) out.push({ depth: open.depth, text: open.parts.join('') });
    open = null;
  };
  for (const raw of physical) {
    const line = splitQuote(raw, true);
    const signature = line.text === SIGNATURE_SEPARATOR;
    // An empty line after a soft break still separates paragraphs (a sloppy sender's trailing space, not a join).
    if (open && (open.depth !== line.depth || signature || line.text === '')) close();
    const soft = !signature && line.text.endsWith(' ');
    const part = soft && format.delSp ? line.text.slice(0, -1) : line.text;
    if (open) open.parts.push(part);
    else open = { depth: line.depth, parts: [part] };
    if (!soft) close();
  }
  close();
  return out;
}

/** Whether a line can hold a link we would make (a scheme, "www." or an address): others skip the search. */
function mayHoldLink(line: string): boolean {
  return line.includes('://') || line.includes('@') || line.includes('www.') || line.includes('WWW.');
}

/** A link linkifyjs found, as an href we let through: http(s) with a scheme or "www.", and addresses as mailto. */
function safeHref(match: { type: string; value: string; href: string }): string | null {
  const value = match.value.toLowerCase();
  if (match.type === 'url') {
    // A bare "name.tld" is left as text: file names (notes.md, main.py) are far more common in mail than such links.
    if (!['http://', 'https://', 'mailto:', 'www.'].some((start) => value.startsWith(start))) return null;
  } else if (match.type !== 'email') {
    return null;
  }
  let url: URL;
  try {
    url = new URL(match.href);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
}

/**
 * A line split into text and link segments: URLs (http, https; a bare host only as "www.…") and e-mail addresses
 * (as mailto:), as linkifyjs finds them. Nothing else becomes a link: not `javascript:`, `data:`, `file:` or `ftp:`.
 */
export function linkSegments(line: string): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  for (const match of find(line)) {
    const href = safeHref(match);
    if (!href || match.start < at) continue;
    if (match.start > at) out.push({ kind: 'text', text: line.slice(at, match.start) });
    out.push({ kind: 'link', text: line.slice(match.start, match.end), href });
    at = match.end;
  }
  if (at < line.length || out.length === 0) out.push({ kind: 'text', text: line.slice(at) });
  return out;
}

/**
 * The blocks of a decoded text/plain body: paragraphs (split at blank lines, lines kept as the sender broke them
 * unless the text is flowed), quotes nested by their '>' depth (at most MAX_QUOTE_DEPTH), links marked.
 * Text made from HTML, and text without a format parameter, is fixed text (FIXED_TEXT).
 */
export function textBlocks(text: string, format: TextFormat = FIXED_TEXT): TextBlock[] {
  const root: TextBlock[] = [];
  // stack[d] holds the blocks of the quote at depth d (stack[0]: the body itself).
  const stack: TextBlock[][] = [root];
  let paragraph: TextSegment[][] | null = null;
  let budget = LINK_SEARCH_BUDGET;

  for (const line of logicalLines(text, format)) {
    // A blank line ends a paragraph and leaves the depth as it is: "> a", "", "> b" stays one quote.
    if (line.text.trim() === '') {
      paragraph = null;
      continue;
    }
    if (line.depth !== stack.length - 1) {
      paragraph = null;
      while (stack.length - 1 > line.depth) stack.pop();
      while (stack.length - 1 < line.depth) {
        const quote: TextBlock = { kind: 'quote', blocks: [] };
        stack[stack.length - 1].push(quote);
        stack.push(quote.blocks);
      }
    }
    if (!paragraph) {
      paragraph = [];
      stack[stack.length - 1].push({ kind: 'paragraph', lines: paragraph });
    }
    const searched = mayHoldLink(line.text) && line.text.length <= LINK_SEARCH_MAX_LINE && line.text.length <= budget;
    if (searched) budget -= line.text.length;
    paragraph.push(searched ? linkSegments(line.text) : [{ kind: 'text', text: line.text }]);
  }
  return root;
}
