import { describe, it, expect } from 'vitest';
import { contentDisposition, decodedSize, formatBytes, safeFilename } from '@/lib/mime/format';

describe('formatBytes', () => {
  it('formats bytes, KB, MB and GB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(3 * 1024)).toBe('3 KB');
    expect(formatBytes(3.4 * 1024)).toBe('3 KB');
    expect(formatBytes(20.1 * 1024 * 1024)).toBe('20.1 MB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(150.4 * 1024 * 1024)).toBe('150 MB');
    expect(formatBytes(2.5 * 1024 ** 3)).toBe('2.5 GB');
  });

  it('moves up a unit instead of printing 1024 of one', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
  });

  it('copes with nonsense', () => {
    expect(formatBytes(-5)).toBe('0 B');
    expect(formatBytes(Number.NaN)).toBe('0 B');
  });
});

describe('decodedSize', () => {
  it('gives a base64 part its size once decoded, so the list shows the file as it downloads', () => {
    // A 20 MiB file in base64 with MIME's 76-character lines and CRLF, as composers write it.
    const file = 20 * 1024 * 1024;
    const chars = Math.ceil(file / 3) * 4;
    const stored = chars + Math.ceil(chars / 76) * 2;
    expect(formatBytes(stored)).toBe('27.4 MB');
    expect(Math.abs(decodedSize(stored, 'base64') - file)).toBeLessThan(80);
    expect(formatBytes(decodedSize(stored, 'BASE64'))).toBe('20 MB');
  });

  it('keeps the stored size of other encodings, and copes with nonsense', () => {
    expect(decodedSize(1234, '7bit')).toBe(1234);
    expect(decodedSize(1234, 'quoted-printable')).toBe(1234);
    expect(decodedSize(1234, undefined)).toBe(1234);
    expect(decodedSize(-1, 'base64')).toBe(0);
    expect(decodedSize(Number.NaN, 'base64')).toBe(0);
  });
});

describe('safeFilename', () => {
  it('keeps ordinary and Unicode names', () => {
    expect(safeFilename('Rechnung März 2024.pdf')).toBe('Rechnung März 2024.pdf');
    expect(safeFilename('報告書.docx')).toBe('報告書.docx');
  });

  it('strips path separators, reserved and control characters', () => {
    expect(safeFilename('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFilename('C:\\Windows\\evil.exe')).toBe('C__Windows_evil.exe');
    expect(safeFilename('a\r\nContent-Type: text/html\u0000.txt')).toBe('aContent-Type_ text_html.txt');
    expect(safeFilename('what?<>|*".txt')).toBe('what______.txt');
  });

  it('removes bidi overrides used to fake extensions', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
  });

  it('never returns an empty, dot-only or hidden name', () => {
    expect(safeFilename('')).toBe('attachment');
    expect(safeFilename('..')).toBe('attachment');
    expect(safeFilename('   ')).toBe('attachment');
    expect(safeFilename('.bashrc')).toBe('bashrc');
  });

  it('limits length, keeping the extension and whole characters', () => {
    const long = '😀'.repeat(300) + '.pdf';
    const out = safeFilename(long);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(200);
    expect(out.endsWith('.pdf')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(out.startsWith('😀😀')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('produces an ASCII fallback and an RFC 5987 UTF-8 name', () => {
    expect(contentDisposition('Grüße aus Köln.pdf')).toBe(
      `attachment; filename="Gru_e aus Koln.pdf"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20aus%20K%C3%B6ln.pdf`,
    );
  });

  it('keeps plain ASCII names readable', () => {
    expect(contentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it('cannot be broken out of by quotes, semicolons or line breaks', () => {
    const value = contentDisposition('a"; filename="evil.exe\r\nSet-Cookie: x=1');
    expect(value).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)"/.exec(value)?.[1];
    expect(quoted).toBe('a_; filename=_evil.exeSet-Cookie_ x=1');
    expect(value).toContain(`filename*=UTF-8''a_%3B%20filename%3D_evil.exeSet-Cookie_%20x%3D1`);
    expect(contentDisposition("it's (1)*.txt")).toContain(`filename*=UTF-8''it%27s%20%281%29_.txt`);
  });

  it('can mark a part inline', () => {
    expect(contentDisposition('logo.png', 'inline')).toMatch(/^inline; filename="logo.png"; /);
  });
});
