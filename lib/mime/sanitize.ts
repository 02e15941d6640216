// The one gate between a message's HTML and the page: an allow-list built on sanitize-html.
// Mail HTML is hostile by default: it must not run code, submit forms, phone home
// (remote images are tracking pixels), or restyle/cover the app around it.

import sanitizeHtml from 'sanitize-html';

export interface SanitizeOptions {
  /** Load remote http(s) images; when false they become a "[image: alt]" placeholder. */
  showRemoteImages: boolean;
  /** URL for a cid: reference (an inline part of the message), or null to drop the image. */
  resolveCid?: (cid: string) => string | null;
}

export interface SanitizeResult {
  html: string;
  /** Remote images replaced by placeholders (0 when showRemoteImages). */
  blockedImages: number;
}

const ALLOWED_TAGS = [
  'a', 'abbr', 'address', 'article', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption',
  'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'dfn', 'div', 'dl', 'dt', 'em',
  'figcaption', 'figure', 'font', 'footer', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr',
  'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'section',
  'small', 'span', 'strike', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'tt', 'u', 'ul', 'var', 'wbr',
  // h1 is not here: it is demoted (see transformTags), the page's own h1 stays the only one.
];

// Disallowed tags whose whole content goes too (not just the tag): code, styling, document
// metadata, embedded documents and form widgets. Other disallowed tags (html, body, form,
// unknown ones) are unwrapped and their content kept.
const DROP_WITH_CONTENT = [
  'script', 'style', 'title', 'textarea', 'option', 'select', 'button', 'iframe', 'frame',
  'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'template', 'noembed', 'noframes',
  'xmp', 'plaintext', 'audio', 'video', 'canvas', 'map', 'datalist',
];

const TABLE_CELL_ATTRS = ['align', 'valign', 'width', 'height', 'bgcolor', 'colspan', 'rowspan', 'nowrap'];

// No id/class/name anywhere (they could collide with or clobber the app's own), no URL-bearing
// attributes except a[href] and img[src], which are checked below.
const ALLOWED_ATTRIBUTES: Record<string, sanitizeHtml.AllowedAttribute[]> = {
  '*': ['style', 'title', 'dir', 'lang', 'align'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'referrerpolicy', 'loading', 'border'],
  span: ['class'], // only "blocked-image", see allowedClasses
  font: ['color', 'size', 'face'],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'height', 'bgcolor'],
  tr: ['valign', 'bgcolor', 'height'],
  td: TABLE_CELL_ATTRS,
  th: TABLE_CELL_ATTRS,
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type', 'reversed'],
  ul: ['type'],
  li: ['value'],
  hr: ['size', 'width', 'noshade'],
};

// --- inline styles -----------------------------------------------------------
// Every regex is anchored and none admits "(" except the numeric rgb()/hsl() forms, so
// url(), expression(), var() and friends never pass. Nothing that positions, layers or
// hides (position, z-index, display, float, transform, opacity …) is allowed at all.

const NUM = String.raw`\d{1,4}(?:\.\d{1,4})?`;
const COLOR = String.raw`(?:#[0-9a-f]{3,8}|[a-z]{3,25}|rgba?\(\s*${NUM}%?\s*,\s*${NUM}%?\s*,\s*${NUM}%?\s*(?:,\s*${NUM}%?\s*)?\)|hsla?\(\s*${NUM}(?:deg)?\s*,\s*${NUM}%\s*,\s*${NUM}%\s*(?:,\s*${NUM}%?\s*)?\))`;
// Non-negative lengths only: a negative margin could pull the message over the app's UI.
// Capped too (3 digits of px, 1 of em): a message cannot push its text screens away.
const LENGTH = String.raw`(?:0|\d{1,3}(?:\.\d{1,2})?(?:px|%)|\d{1,2}(?:\.\d{1,2})?pt|\d(?:\.\d{1,2})?(?:em|rem))`;
const BOX = String.raw`(?:${LENGTH}|auto)`;
const BORDER_STYLE = '(?:none|hidden|solid|dashed|dotted|double|groove|ridge|inset|outset)';
const BORDER_WIDTH = String.raw`(?:0|\d{1,2}(?:\.\d{1,2})?px|thin|medium|thick)`;

const re = (source: string) => new RegExp(`^${source}$`, 'i');

const colorRe = re(COLOR);
const boxRe = re(`${BOX}(?:\\s+${BOX}){0,3}`);
const boxOneRe = re(BOX);
const borderRe = re(
  `(?:none|0|${BORDER_WIDTH}(?:\\s+${BORDER_STYLE})?(?:\\s+${COLOR})?|${BORDER_STYLE}(?:\\s+${COLOR})?|${BORDER_WIDTH}\\s+${COLOR}\\s+${BORDER_STYLE})`,
);
const widthRe = re(String.raw`(?:\d{1,4}(?:\.\d{1,2})?(?:px|%)|0|auto)`);

const ALLOWED_STYLES: Record<string, RegExp[]> = {
  color: [colorRe],
  'background-color': [colorRe],
  // The shorthand only in its colour-only form: anything else could carry url().
  background: [colorRe],
  'font-weight': [/^(?:normal|bold|bolder|lighter|[1-9]00)$/i],
  'font-style': [/^(?:normal|italic|oblique)$/i],
  // Capped so a message cannot fill the screen with one glyph.
  'font-size': [
    /^(?:xx-small|x-small|small|medium|large|x-large|xx-large|smaller|larger)$/i,
    /^(?:[1-9]|[1-4]\d)(?:\.\d{1,2})?(?:px|pt)$/i,
    /^[0-3](?:\.\d{1,2})?(?:em|rem)$/i,
    /^(?:[1-9]\d?|[12]\d\d|300)(?:\.\d{1,2})?%$/i,
  ],
  'font-family': [/^[\w\s,'"-]{1,200}$/],
  'text-align': [/^(?:left|right|center|justify|start|end)$/i],
  'text-decoration': [/^(?:none|underline|overline|line-through)$/i],
  'vertical-align': [/^(?:baseline|top|middle|bottom|text-top|text-bottom|sub|super)$/i],
  'line-height': [/^(?:normal|[0-4](?:\.\d{1,2})?|\d{1,2}(?:\.\d{1,2})?(?:px|pt)|[0-4](?:\.\d{1,2})?(?:em|rem)|(?:[1-9]\d?|[1-3]\d\d|400)%)$/i],
  margin: [boxRe],
  'margin-top': [boxOneRe],
  'margin-right': [boxOneRe],
  'margin-bottom': [boxOneRe],
  'margin-left': [boxOneRe],
  padding: [boxRe],
  'padding-top': [boxOneRe],
  'padding-right': [boxOneRe],
  'padding-bottom': [boxOneRe],
  'padding-left': [boxOneRe],
  border: [borderRe],
  'border-top': [borderRe],
  'border-right': [borderRe],
  'border-bottom': [borderRe],
  'border-left': [borderRe],
  'border-collapse': [/^(?:collapse|separate)$/i],
  width: [widthRe],
  'max-width': [widthRe],
};

// Only for data: images: small raster formats, base64, nothing that can script (no SVG).
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i;
const LINK_HREF = /^(?:https?:\/\/|mailto:)/i;
const REMOTE_SRC = /^https?:\/\//i;

/** The sanitize-html options for one run; exported for tests, use sanitizeMailHtml. */
export function buildSanitizeOptions(
  opts: SanitizeOptions,
  onBlockedImage: () => void = () => {},
): sanitizeHtml.IOptions {
  const demote = (to: string): sanitizeHtml.Transformer => (_tag, attribs) => ({ tagName: to, attribs });

  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedClasses: { span: ['blocked-image'] },
    allowedStyles: { '*': ALLOWED_STYLES },
    nonTextTags: DROP_WITH_CONTENT,
    disallowedTagsMode: 'discard',
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    allowVulnerableTags: false,
    parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
    transformTags: {
      // Headings move one level down so the app's h1 (the subject) stays the page's only h1.
      h1: demote('h2'),
      h2: demote('h3'),
      h3: demote('h4'),
      h4: demote('h5'),
      h5: demote('h6'),
      // The message's own classes never survive, so it cannot forge the app's "[image]" placeholder.
      span: (tagName, attribs) => {
        const rest: sanitizeHtml.Attributes = { ...attribs };
        delete rest.class;
        return { tagName, attribs: rest };
      },
      a: (tagName, attribs) => {
        const href = (attribs.href ?? '').trim();
        // Relative links would point into the webmail itself; only absolute http(s)/mailto survive.
        const next: sanitizeHtml.Attributes = { ...attribs, target: '_blank', rel: 'noopener noreferrer' };
        if (LINK_HREF.test(href)) next.href = href;
        else delete next.href;
        return { tagName, attribs: next };
      },
      img: (tagName, attribs) => {
        const src = (attribs.src ?? '').trim();
        const rest: sanitizeHtml.Attributes = { ...attribs };
        delete rest.src;
        delete rest.referrerpolicy;
        delete rest.loading;

        if (/^cid:/i.test(src)) {
          const url = opts.resolveCid ? opts.resolveCid(cidOf(src)) : null;
          // An image without src is removed by exclusiveFilter below.
          return { tagName, attribs: url ? { src: url, ...rest } : rest };
        }
        if (REMOTE_SRC.test(src)) {
          if (!opts.showRemoteImages) {
            onBlockedImage();
            const alt = (attribs.alt ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
            // sanitize-html escapes this text on output.
            return { tagName: 'span', attribs: { class: 'blocked-image' }, text: alt ? `[image: ${alt}]` : '[image]' };
          }
          return { tagName, attribs: { src, ...rest, referrerpolicy: 'no-referrer', loading: 'lazy' } };
        }
        if (DATA_IMAGE.test(src)) return { tagName, attribs: { src, ...rest } };
        // Relative, protocol-relative, data:image/svg+xml, javascript: … are all dropped.
        return { tagName, attribs: rest };
      },
    },
    // An <img> whose src did not survive would be an empty box: drop it. (A real img can never
    // keep a class attribute, so an img frame with one is our blocked-image placeholder.)
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && frame.attribs.class === undefined,
  };
}

function cidOf(src: string): string {
  const raw = src.replace(/^cid:/i, '').trim();
  try {
    return decodeURIComponent(raw); // RFC 2392: cid URLs are percent-encoded
  } catch {
    return raw;
  }
}

/** Sanitize a message's HTML for display inside the app's page. */
export function sanitizeMailHtml(html: string, opts: SanitizeOptions): SanitizeResult {
  let blockedImages = 0;
  const out = sanitizeHtml(typeof html === 'string' ? html : '', buildSanitizeOptions(opts, () => blockedImages++));
  return { html: out, blockedImages };
}
