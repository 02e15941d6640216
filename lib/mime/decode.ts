// Turning fetched MIME bytes into text: transfer encoding first, then charset.
// Everything here is pure and never throws on hostile or broken input; a message that
// cannot be decoded exactly is still shown as well as we can. The one place that knows
// transfer encodings: whole parts in memory (decodeTransfer) and streamed ones (transferDecoder).

import { PassThrough, type Transform } from 'node:stream';
import iconv from 'iconv-lite';
import libmime from 'libmime';
import libqp from 'libqp';
import libbase64 from 'libbase64';
import libcharset from 'libmime/lib/charset';

export interface DecodeOptions {
  /**
   * The bytes are a prefix of the part, cut at an arbitrary byte (partial fetch).
   * Incomplete trailing encodings and characters are then dropped instead of
   * being shown as garbage.
   */
  truncated?: boolean;
}

/** Decode one fetched body part into a JS string. */
export function decodePart(
  raw: Buffer,
  encoding: string | undefined,
  charset: string | undefined,
  opts: DecodeOptions = {},
): string {
  const truncated = opts.truncated === true;
  return decodeCharset(decodeTransfer(raw, encoding, opts), charset, truncated);
}

/** The bytes of a fetched part with its Content-Transfer-Encoding undone (base64, quoted-printable; others as they are). */
export function decodeTransfer(raw: Buffer, encoding: string | undefined, opts: DecodeOptions = {}): Buffer {
  try {
    return undoTransferEncoding(raw, normalEncoding(encoding), opts.truncated === true);
  } catch {
    // The libraries do not throw on bad input today; if one ever does, show the raw bytes.
    return raw;
  }
}

/** A stream that undoes the transfer encoding of a part arriving in chunks cut anywhere (a streamed download). */
export function transferDecoder(encoding: string | undefined): Transform {
  const e = normalEncoding(encoding);
  if (e === 'base64') return new libbase64.Decoder();
  if (e === 'quoted-printable') return new libqp.Decoder();
  return new PassThrough();
}

function normalEncoding(encoding: string | undefined): string {
  return (encoding ?? '').trim().toLowerCase();
}

function undoTransferEncoding(raw: Buffer, encoding: string, truncated: boolean): Buffer {
  switch (encoding) {
    case 'base64': {
      // Line breaks and stray characters are not data; dropping them makes the quantum count exact.
      let text = raw.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
      // A cut inside a 4-character quantum: its last byte(s) would be incomplete, drop the quantum.
      if (truncated) text = text.slice(0, text.length - (text.length % 4));
      return libbase64.decode(text);
    }
    case 'quoted-printable': {
      let input = raw;
      if (truncated) {
        // "=", "=4" or the "=\r" of a soft break cut before its "\n" would decode to literal junk.
        const tail = input.subarray(Math.max(0, input.length - 2)).toString('latin1');
        const m = /=(?:[0-9A-Fa-f\r])?$/.exec(tail);
        if (m) input = input.subarray(0, input.length - m[0].length);
      }
      return libqp.decode(input);
    }
    default:
      // 7bit, 8bit, binary, and unknown encodings (x-uuencode …) are shown as they are.
      return raw;
  }
}

// Labels that promise ASCII; 8-bit bytes under them mean the label is wrong.
const ASCII_LABELS = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', '646', 'us', '7bit', '8bit']);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes in a named charset to a string; unknown or lying labels fall back to UTF-8, then Windows-1252. */
function decodeCharset(bytes: Buffer, charset: string | undefined, truncated: boolean): string {
  const label = (charset ?? '').trim().replace(/^["']+|["']+$/g, '').toLowerCase();

  if (!label || ASCII_LABELS.has(label)) {
    return stripBom(guessUtf8OrLatin(truncated ? trimIncompleteUtf8(bytes) : bytes));
  }

  // libmime knows the aliases mail clients actually write ("win-1252", "utf8", "ks_c_5601-1987").
  const name = libcharset.normalizeCharset(label).toLowerCase();

  if (name === 'utf-8') {
    return stripBom((truncated ? trimIncompleteUtf8(bytes) : bytes).toString('utf8'));
  }

  if (/^(?:iso-?2022-?jp|jis)/.test(name)) {
    // iconv-lite lacks the stateful ISO-2022-JP family; libmime decodes it via encoding-japanese.
    return decodeDroppingIncompleteTail(bytes, truncated, (b) => libcharset.decode(b, name));
  }

  if (iconv.encodingExists(name)) {
    try {
      return decodeDroppingIncompleteTail(bytes, truncated, (b) => iconv.decode(b, name));
    } catch {
      // fall through to the guess below
    }
  }

  return stripBom(guessUtf8OrLatin(truncated ? trimIncompleteUtf8(bytes) : bytes));
}

/**
 * For a cut multibyte text (Shift_JIS, GBK, Big5, UTF-16 …) the decoder turns a dangling lead
 * byte into U+FFFD. We cannot tell lead from trail bytes without decoding, so drop up to three
 * trailing bytes until the text no longer ends in a replacement character.
 */
function decodeDroppingIncompleteTail(bytes: Buffer, truncated: boolean, decode: (b: Buffer) => string): string {
  let text = decode(bytes);
  if (!truncated) return text;
  for (let drop = 1; drop <= 3 && text.endsWith('\ufffd') && drop <= bytes.length; drop++) {
    text = decode(bytes.subarray(0, bytes.length - drop));
  }
  return text;
}

/** Remove a UTF-8 sequence that was cut short at the end of the buffer. */
function trimIncompleteUtf8(bytes: Buffer): Buffer {
  const len = bytes.length;
  // Walk back over at most three continuation bytes to the lead byte of the last sequence.
  for (let back = 1; back <= Math.min(4, len); back++) {
    const b = bytes[len - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte, keep looking
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, len - back) : bytes;
  }
  return bytes;
}

// Windows-1252 leaves five bytes undefined; map those to their Latin-1 code points so the
// fallback never shows U+FFFD. Built once.
const CP1252_TABLE: string[] = (() => {
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const chars = Array.from(iconv.decode(all, 'windows-1252'));
  return chars.map((c, i) => (c === '\ufffd' ? String.fromCharCode(i) : c));
})();

function decodeCp1252(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += CP1252_TABLE[bytes[i]];
  return out;
}

/** Valid UTF-8 is almost never an accident, so try it first; otherwise Windows-1252 (what "latin1" means in practice). */
function guessUtf8OrLatin(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeCp1252(bytes);
  }
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Decode RFC 2047 encoded words ("=?UTF-8?Q?Gr=C3=BC=C3=9Fe?="); returns the input on any failure. */
export function decodeHeaderWords(value: string): string {
  if (typeof value !== 'string' || !value.includes('=?')) return typeof value === 'string' ? value : '';
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** Upper bound on headers returned, so a hostile header block cannot produce a huge view. */
const MAX_HEADERS = 1000;

/**
 * Parse a raw header block for the "Show all headers" view: order and the sender's
 * spelling of names are kept (libmime.decodeHeaders would lower-case names and group
 * repeated ones, losing the Received chain's order), continuation lines are unfolded
 * and encoded words decoded. Stops at the first empty line (start of the body).
 */
export function parseHeaderBlock(raw: Buffer | string): Array<{ name: string; value: string }> {
  return headerFields(raw).map(({ name, value }) => ({ name, value: decodeHeaderWords(value) }));
}

/**
 * The fields of a raw header block in order, each value unfolded and trimmed but its encoded words left as they are
 * (an address list must be split before its names are decoded). What parseHeaderBlock decodes.
 */
export function headerFields(raw: Buffer | string): Array<{ name: string; value: string }> {
  // Header bytes should be ASCII; RFC 6532 allows UTF-8, older software writes Latin-1.
  const text = typeof raw === 'string' ? raw : guessUtf8OrLatin(raw);
  const lines = text.split(/\r?\n|\r/);

  // Group each header with its continuation lines (those starting with space or tab).
  const blocks: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (blocks.length) break; // end of header block
      continue; // leading empty lines (e.g. after a boundary) are not a header
    }
    if (/^[ \t]/.test(line) && blocks.length) blocks[blocks.length - 1] += '\r\n' + line;
    else blocks.push(line);
  }

  const out: Array<{ name: string; value: string }> = [];
  for (const block of blocks) {
    if (out.length >= MAX_HEADERS) break;
    const colon = block.indexOf(':');
    if (colon <= 0) continue; // "From " mbox separators and junk lines are not headers
    const name = block.slice(0, colon).trim();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) continue;
    // libmime.decodeHeader unfolds and trims the value (and lower-cases the key, which we don't use).
    out.push({ name, value: libmime.decodeHeader(block).value });
  }
  return out;
}
