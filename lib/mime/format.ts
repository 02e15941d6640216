// Small, pure formatting helpers for sizes and download filenames. Every size the app prints goes through
// formatBytes: one convention (binary multiples labelled KB, MB, GB as Windows and Gmail do), so the same byte count
// always reads the same.

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/**
 * Human-readable size with binary multiples: "512 B", "3 KB", "20.1 MB".
 * KB are whole numbers (a decimal there is noise); MB and above keep one decimal below 100.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0 B';
  if (n < 1024) return `${Math.round(n)} B`;
  let value = n;
  for (let i = 0; i < UNITS.length; i++) {
    value /= 1024;
    const last = i === UNITS.length - 1;
    const shown = i === 0 || value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
    // Rounding can reach the next unit ("1024 KB"); move up instead of printing that.
    if (shown < 1024 || last) return `${shown} ${UNITS[i]}`;
  }
  /* c8 ignore next */
  return `${n} B`;
}

/**
 * What a part stored as `storedBytes` in `encoding` is once decoded, as the attachment list shows it: base64 is
 * estimated from MIME's 76-character lines (57 bytes in 78 stored: a 20 MiB file is stored as about 27.4 MiB and
 * shows as 20 MB again); quoted-printable, 7bit, 8bit and binary are shown as stored (for quoted-printable an upper
 * bound). An estimate, close enough for a size label: the exact figure would mean reading the part.
 */
export function decodedSize(storedBytes: number, encoding: string | undefined): number {
  if (!Number.isFinite(storedBytes) || storedBytes <= 0) return 0;
  return (encoding ?? '').trim().toLowerCase() === 'base64' ? Math.floor((storedBytes * 57) / 78) : storedBytes;
}

/** Longest filename we hand out, in UTF-8 bytes (common file-system limit is 255). */
const MAX_FILENAME_BYTES = 200;

// Control characters (C0, DEL, C1) and bidi/invisible formatting characters: the latter let a
// sender show "invoice<U+202E>fdp.exe" as "invoiceexe.pdf", so they never belong in a filename.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
// Path separators and characters that Windows refuses in names.
const RESERVED_CHARS = /[/\\:*?"<>|]/g;
// Unpaired surrogates (possible after a bad charset decode) would make encodeURIComponent throw.
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A filename that is safe to offer in Content-Disposition and to save on any OS:
 * no path separators, no control or bidi characters, no leading dots, bounded length.
 * Unicode letters are kept. Returns "attachment" when nothing usable is left.
 */
export function safeFilename(name: string): string {
  let s = String(name ?? '')
    .normalize('NFC')
    .replace(LONE_SURROGATES, '')
    .replace(UNSAFE_CHARS, '')
    .replace(RESERVED_CHARS, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide files on Unix and make "..": trailing dots and spaces are dropped by Windows.
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (utf8Length(s) > MAX_FILENAME_BYTES) s = truncateKeepingExtension(s, MAX_FILENAME_BYTES);
  return s || 'attachment';
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cut by code points (never inside a surrogate pair) while keeping a short extension. */
function truncateKeepingExtension(s: string, maxBytes: number): string {
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
  const stem = ext ? s.slice(0, dot) : s;
  const budget = maxBytes - utf8Length(ext);
  let out = '';
  let used = 0;
  for (const ch of stem) {
    const len = utf8Length(ch);
    if (used + len > budget) break;
    out += ch;
    used += len;
  }
  return out.trimEnd() + ext;
}

/** RFC 5987 ext-value encoding: percent-encode everything outside attr-char. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
}

/**
 * Content-Disposition value per RFC 6266: a plain ASCII `filename` for old clients and a
 * UTF-8 `filename*` that modern ones prefer. The name is passed through safeFilename first.
 */
export function contentDisposition(
  filename: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const safe = safeFilename(filename);
  // ASCII fallback: strip diacritics where Unicode can ("Grüße" → "Gruße" → "Gru_e"),
  // replace whatever is still non-ASCII; quotes and backslashes are already gone.
  const ascii =
    safe
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_') || 'attachment';
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(safe)}`;
}

/** An .eml file's name from a message's subject: no path characters, not too long, never empty. */
export function emlName(subject: string): string {
  const base = subject.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
  return `${base || 'message'}.eml`;
}
