import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import libqp from 'libqp';
import libbase64 from 'libbase64';
import { decodeHeaderWords, decodePart, parseHeaderBlock } from '@/lib/mime/decode';

const b = (s: string, enc: BufferEncoding = 'utf8') => Buffer.from(s, enc);

describe('decodePart: transfer encodings', () => {
  const text = 'Grüße aus Köln 🌉\r\nZweite Zeile = gleich.\r\n';

  it('decodes base64 with line breaks', () => {
    const enc = libbase64.wrap(libbase64.encode(b(text)), 20);
    expect(enc).toContain('\r\n');
    expect(decodePart(b(enc), 'base64', 'utf-8')).toBe(text);
  });

  it('decodes base64 whose lines are padded separately', () => {
    const enc = `${b('Grü').toString('base64')}\r\n${b('ße').toString('base64')}`;
    expect(enc.indexOf('=')).toBeLessThan(enc.length - 1);
    expect(decodePart(b(enc), 'BASE64', 'UTF-8')).toBe('Grüße');
  });

  it('decodes quoted-printable with soft line breaks', () => {
    const enc = libqp.wrap(libqp.encode(b(text.repeat(5))), 30);
    expect(enc).toMatch(/=\r\n/);
    expect(decodePart(b(enc), 'quoted-printable', 'utf-8')).toBe(text.repeat(5));
  });

  it('passes 7bit, 8bit, binary and unknown encodings through', () => {
    for (const enc of ['7bit', '8bit', 'binary', undefined, 'x-uuencode']) {
      expect(decodePart(b(text), enc, 'utf-8')).toBe(text);
    }
  });

  it('strips a UTF-8 byte order mark', () => {
    expect(decodePart(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b('hi')]), '8bit', 'utf-8')).toBe('hi');
  });
});

describe('decodePart: charsets', () => {
  it('decodes iso-8859-1 "Grüße aus Köln" (8bit and QP)', () => {
    const latin = iconv.encode('Grüße aus Köln', 'iso-8859-1');
    expect(latin.length).toBe(14); // one byte per char: really Latin-1 bytes
    expect(decodePart(latin, '8bit', 'iso-8859-1')).toBe('Grüße aus Köln');
    expect(decodePart(b('Gr=FC=DFe aus K=F6ln'), 'quoted-printable', 'ISO-8859-1')).toBe('Grüße aus Köln');
    expect(decodePart(latin, '8bit', 'latin1')).toBe('Grüße aus Köln');
  });

  it('decodes windows-1252 smart quotes and the euro sign', () => {
    const bytes = Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x92]);
    expect(decodePart(bytes, '8bit', 'windows-1252')).toBe('“Hi” – €5 ’');
    expect(decodePart(bytes, '8bit', 'win-1252')).toBe('“Hi” – €5 ’');
  });

  it('decodes koi8-r', () => {
    const bytes = iconv.encode('Привет, мир', 'koi8-r');
    expect(decodePart(bytes, '8bit', 'koi8-r')).toBe('Привет, мир');
  });

  it('decodes shift_jis, gb2312, big5 and iso-2022-jp', () => {
    expect(decodePart(iconv.encode('日本語のテキスト', 'shift_jis'), '8bit', 'Shift_JIS')).toBe('日本語のテキスト');
    expect(decodePart(iconv.encode('中文邮件', 'gbk'), '8bit', 'gb2312')).toBe('中文邮件');
    expect(decodePart(iconv.encode('繁體中文', 'big5'), '8bit', 'big5')).toBe('繁體中文');
    // ESC $ B 0F 4B 38 6C ESC ( B  =  日本語
    const jis = Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42]);
    expect(decodePart(jis, '7bit', 'iso-2022-jp')).toBe('日本語');
  });

  it('falls back to UTF-8, then Windows-1252, for unknown charsets, never throwing', () => {
    expect(decodePart(b('Grüße'), '8bit', 'x-no-such-charset')).toBe('Grüße');
    expect(decodePart(iconv.encode('Grüße “q”', 'windows-1252'), '8bit', 'x-no-such-charset')).toBe('Grüße “q”');
    expect(decodePart(b('Grüße'), '8bit', '"utf-8"')).toBe('Grüße');
    expect(() => decodePart(Buffer.from([0xff, 0x00, 0x81]), '8bit', '\u0000bogus')).not.toThrow();
    expect(decodePart(Buffer.from([0x81, 0x8d]), '8bit', 'bogus')).not.toContain('\ufffd');
  });

  it('treats missing or us-ascii labels as UTF-8 if valid, else Windows-1252', () => {
    expect(decodePart(b('Grüße'), '8bit', undefined)).toBe('Grüße');
    expect(decodePart(b('Grüße'), '8bit', 'us-ascii')).toBe('Grüße');
    expect(decodePart(iconv.encode('Grüße', 'windows-1252'), '8bit', 'us-ascii')).toBe('Grüße');
  });
});

/** A text with 1-, 2-, 3- and 4-byte UTF-8 characters and QP specials. */
const MULTI = 'Grüße aus Köln — 東京タワー 😀🇩🇪 a=b\tc\r\n'.repeat(6) + 'Ende: ☃ 𝄞 ✓';

/**
 * The longest prefix of `text` (whole code points) whose bytes in `encode` fit in `bytes`: what a clean decoder
 * can show of the first `bytes` bytes. Worked out from the text itself, not from the decoder under test.
 */
function wholeChars(text: string, bytes: number, encode: (ch: string) => Buffer = (ch) => Buffer.from(ch, 'utf8')): string {
  let used = 0;
  let out = '';
  for (const ch of text) {
    used += encode(ch).length;
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** Data bytes in a cut base64 text: `whole` from complete 4-character quanta, `all` counting a partial quantum too. */
function base64Bytes(cut: string): { whole: number; all: number } {
  const n = cut.replace(/[^A-Za-z0-9+/]/g, '').length;
  return { whole: Math.floor(n / 4) * 3, all: Math.floor((n * 6) / 8) };
}

/** Data bytes fully present in a cut quoted-printable text: "=XX" is one, a soft break "=\r\n" none, a cut escape none. */
function qpBytes(cut: string): number {
  let n = 0;
  for (let i = 0; i < cut.length; ) {
    if (cut[i] !== '=') {
      n++;
      i++;
    } else if (cut.slice(i + 1, i + 3) === '\r\n') i += 3;
    else if (/^[0-9A-F]{2}$/i.test(cut.slice(i + 1, i + 3))) {
      n++;
      i += 3;
    } else break;
  }
  return n;
}

/**
 * Every cut of `encoded` decodes to a clean prefix of MULTI that never shrinks, and is at least `least(cut)` and
 * at most `most(cut)`: as long as the bytes in the cut allow, so a decoder that shows nothing (or too little) fails.
 */
function checkPrefixes(encoded: string, encoding: string, least: (cut: string) => string, most: (cut: string) => string): void {
  const full = decodePart(b(encoded), encoding, 'utf-8');
  expect(full).toBe(MULTI);
  let prevLength = 0;
  for (let cut = 0; cut <= encoded.length; cut++) {
    const got = decodePart(b(encoded.slice(0, cut)), encoding, 'utf-8', { truncated: true });
    if (!MULTI.startsWith(got) || got.includes('\ufffd')) {
      throw new Error(`cut at ${cut}: ${JSON.stringify(got.slice(-12))} is not a clean prefix`);
    }
    const lo = least(encoded.slice(0, cut));
    const hi = most(encoded.slice(0, cut));
    if (got.length < lo.length || got.length > hi.length) {
      throw new Error(`cut at ${cut}: ${got.length} characters shown, the bytes hold ${lo.length}…${hi.length} (ends ${JSON.stringify(got.slice(-12))})`);
    }
    // The visible text never shrinks as more bytes arrive.
    expect(got.length).toBeGreaterThanOrEqual(prevLength);
    prevLength = got.length;
  }
  expect(prevLength).toBe(MULTI.length);
}

describe('decodePart: truncated parts', () => {
  it('yields a clean prefix at every cut of a base64 encoding', () => {
    const enc = libbase64.wrap(libbase64.encode(b(MULTI)), 76);
    expect(enc).toContain('\r\n');
    // A cut inside a 4-character quantum may hold back that quantum's one or two bytes, no more.
    checkPrefixes(enc, 'base64', (cut) => wholeChars(MULTI, base64Bytes(cut).whole), (cut) => wholeChars(MULTI, base64Bytes(cut).all));
  });

  it('yields a clean prefix at every cut of a quoted-printable encoding', () => {
    const enc = libqp.wrap(libqp.encode(b(MULTI)), 76);
    expect(enc).toMatch(/=\r\n/);
    expect(enc).toMatch(/=[0-9A-F]{2}/);
    // Blanks right at the cut may be held back: QP drops a line's trailing blanks, and the cut may be a line's end.
    checkPrefixes(enc, 'quoted-printable', (cut) => wholeChars(MULTI, qpBytes(cut)).replace(/[ \t]+$/, ''), (cut) => wholeChars(MULTI, qpBytes(cut)));
  });

  it('yields a clean prefix at every cut of raw 8bit UTF-8', () => {
    const bytes = b(MULTI);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const got = decodePart(bytes.subarray(0, cut), '8bit', 'utf-8', { truncated: true });
      expect(MULTI.startsWith(got) && !got.includes('\ufffd'), `cut ${cut}`).toBe(true);
      // Every character whose bytes are all in the cut is shown.
      expect(got, `cut ${cut}`).toBe(wholeChars(MULTI, cut));
    }
  });

  it('drops a dangling Shift_JIS lead byte', () => {
    const text = '日本語';
    const bytes = iconv.encode(text, 'shift_jis');
    expect(bytes.length).toBe(6);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const got = decodePart(bytes.subarray(0, cut), '8bit', 'shift_jis', { truncated: true });
      expect(text.startsWith(got) && !got.includes('\ufffd'), `cut ${cut}: ${got}`).toBe(true);
      // Only the dangling lead byte goes: every whole two-byte character in the cut is shown.
      expect(got, `cut ${cut}`).toBe(wholeChars(text, cut, (ch) => iconv.encode(ch, 'shift_jis')));
    }
  });

  it('without truncated, a cut shows as a replacement (the flag is what cleans it)', () => {
    const bytes = b('Köln').subarray(0, 2); // "K" + first byte of "ö"
    expect(decodePart(bytes, '8bit', 'utf-8')).toContain('\ufffd');
    expect(decodePart(bytes, '8bit', 'utf-8', { truncated: true })).toBe('K');
    expect(decodePart(b('K=C3=B6ln =C'), 'quoted-printable', 'utf-8', { truncated: true })).toBe('Köln');
  });
});

describe('decodeHeaderWords', () => {
  it('decodes Q and B words, joining adjacent ones', () => {
    expect(decodeHeaderWords('=?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?B?YXVzIEvDtmxu?=')).toBe('Grüßeaus Köln');
    expect(decodeHeaderWords('Re: =?iso-8859-1?q?K=F6ln?= ok')).toBe('Re: Köln ok');
  });

  it('leaves plain and broken values alone, never throwing', () => {
    expect(decodeHeaderWords('Plain subject')).toBe('Plain subject');
    expect(() => decodeHeaderWords('=?x-bogus?Q?abc?= =?utf-8?B?####?=')).not.toThrow();
    expect(decodeHeaderWords(undefined as unknown as string)).toBe('');
  });
});

describe('parseHeaderBlock', () => {
  const raw =
    'Received: from a.example by b.example;\r\n' +
    '\tMon, 1 Jan 2024 10:00:00 +0000\r\n' +
    'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\n' +
    ' =?UTF-8?Q?_aus_K=C3=B6ln?=\r\n' +
    'X-Custom-Header: one\r\n' +
    'Received: from c.example by a.example\r\n' +
    'not a header line\r\n' +
    '\r\n' +
    'Body: not a header\r\n';

  it('keeps order and case, unfolds and decodes', () => {
    expect(parseHeaderBlock(Buffer.from(raw))).toEqual([
      { name: 'Received', value: 'from a.example by b.example; Mon, 1 Jan 2024 10:00:00 +0000' },
      { name: 'Subject', value: 'Grüße aus Köln' },
      { name: 'X-Custom-Header', value: 'one' },
      { name: 'Received', value: 'from c.example by a.example' },
    ]);
  });

  it('accepts strings, bare LF line ends and raw Latin-1 bytes', () => {
    expect(parseHeaderBlock('A: 1\nB: 2\n x\n')).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2 x' },
    ]);
    expect(parseHeaderBlock(iconv.encode('Subject: Köln\r\n', 'latin1'))).toEqual([{ name: 'Subject', value: 'Köln' }]);
  });
});
