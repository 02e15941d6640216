import { describe, expect, it } from 'vitest';
import { buildMessage, toFlowed } from '@/lib/mime/compose';
import { textBlocks } from '@/lib/mime/text';

const long = 'Dear all, the lab meeting moves to Thursday at ten in room 2.14, and please bring the draft of your report with you.';

describe('toFlowed', () => {
  it('soft-wraps long lines at 72 with a trailing space, keeps hard breaks and quotes, stuffs lines a reader would misread', () => {
    const flowed = toFlowed(`${long}\nShort line.  \n> ${long}\n indented\nFrom the lab\n`);
    const lines = flowed.split('\r\n');
    expect(lines.every((l) => l.length <= 73)).toBe(true);
    expect(lines[0].endsWith(' ')).toBe(true);
    expect(lines).toContain('Short line.');
    expect(lines.filter((l) => l.startsWith('> ')).length).toBe(2);
    expect(lines).toContain('  indented');
    expect(lines).toContain(' From the lab');
  });

  it('comes back as typed through Feather’s own flowed reader', () => {
    const typed = `${long}\n\n> ${long}\nThanks`;
    const blocks = textBlocks(toFlowed(typed), { flowed: true, delSp: false });
    expect(JSON.stringify(blocks)).toContain(long);
  });
});

describe('buildMessage', () => {
  const m = {
    from: { name: 'Zoë Ångström', address: 'zoe@feather.test' },
    to: [{ name: '', address: 'carol@feather.test' }],
    cc: [],
    bcc: [{ name: 'Hidden', address: 'dan@feather.test' }],
    subject: 'Grüße — Привет',
    text: 'Hello\n',
    attachments: [],
    messageId: '<x1@feather.test>',
    date: new Date('2026-12-01T10:00:00Z'),
  };
  it('encodes names and subject (RFC 2047), says format=flowed, and keeps Bcc only in the kept copy', async () => {
    const sent = (await buildMessage(m, { keepBcc: false })).toString();
    expect(sent).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(sent).toMatch(/^From: =\?UTF-8\?[BQ]\?.*<zoe@feather\.test>/m);
    expect(sent).toMatch(/Content-Type: text\/plain; charset=utf-8; format=flowed/);
    expect(sent).not.toMatch(/^Bcc:/m);
    expect(sent).toContain('\r\n');
    expect((await buildMessage(m, { keepBcc: true })).toString()).toMatch(/^Bcc: Hidden <dan@feather\.test>/m);
  });
});

describe('buildPieces', () => {
  const m = {
    from: { name: '', address: 'carol@feather.test' },
    to: [{ name: '', address: 'bob@feather.test' }],
    cc: [],
    bcc: [],
    subject: 'Fwd: report',
    text: 'Here it is.',
    attachments: [{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('my notes') }],
    messageId: '<x2@feather.test>',
    date: new Date('2026-12-01T10:00:00Z'),
  };
  it('leaves a place for each stored part, after its own header block written by nodemailer', async () => {
    const { buildPieces } = await import('@/lib/mime/compose');
    const stored = [
      { ref: 'pdf', filename: 'Résumé.pdf', contentType: 'application/pdf', encoding: 'base64' },
      { ref: 'eml', filename: 'Original.eml', contentType: 'message/rfc822', encoding: '8bit' },
    ];
    const pieces = await buildPieces(m, stored, { keepBcc: false });
    expect(pieces.map((p) => ('stored' in p ? p.stored : 'bytes'))).toEqual(['bytes', 'pdf', 'bytes', 'eml', 'bytes']);
    const text = (i: number) => (pieces[i] as { bytes: Buffer }).bytes.toString();
    const boundary = /boundary="([^"]+)"/.exec(text(0))![1];
    // Before each place: a boundary, the part's header fields (its encoding as stored, its name per RFC 2231), a blank line.
    const pdfHead = text(0).slice(text(0).lastIndexOf(`--${boundary}\r\n`));
    expect(pdfHead).toMatch(/^Content-Type: application\/pdf;/m);
    expect(pdfHead).toMatch(/^Content-Transfer-Encoding: base64$/m);
    expect(pdfHead).toMatch(/filename\*0?\*=utf-8''R%C3%A9sum%C3%A9\.pdf/);
    expect(pdfHead.endsWith('\r\n\r\n')).toBe(true);
    // The uploaded file is in the built bytes, encoded by nodemailer.
    expect(text(0)).toContain(Buffer.from('my notes').toString('base64'));
    expect(text(2)).toMatch(new RegExp(`^\\r\\n--${boundary.replace(/[-_]/g, '\\$&')}\\r\\n`));
    expect(text(2)).toMatch(/^Content-Type: message\/rfc822/m);
    expect(text(2)).toMatch(/^Content-Transfer-Encoding: 8bit$/m);
    expect(text(4)).toBe(`\r\n--${boundary}--\r\n`);
  });

  it('without stored parts is one piece, the same message buildMessage gives', async () => {
    const { buildPieces, draftPieces } = await import('@/lib/mime/compose');
    const pieces = await buildPieces(m, [], { keepBcc: false });
    expect(pieces).toHaveLength(1);
    const draft = await draftPieces({ ...m, attachments: [] }, { to: 'bob@feather.test, not yet', cc: '', bcc: '' }, [{ ref: 1, filename: 'a.bin', contentType: 'application/octet-stream', encoding: 'base64' }]);
    expect((draft[0] as { bytes: Buffer }).bytes.toString()).toBe('To: bob@feather.test, not yet\r\n');
    expect(draft.filter((p) => 'stored' in p)).toEqual([{ stored: 1 }]);
  });
});

describe('recipients and header fields', () => {
  it('parse with nodemailer’s address parser, naming every entry that is no address', async () => {
    const { parseRecipients, hasLineBreak } = await import('@/lib/mime/compose');
    expect(parseRecipients('Dana Ö <dana@example.org>, bob@feather.test')).toEqual({ addresses: [{ name: 'Dana Ö', address: 'dana@example.org' }, { name: '', address: 'bob@feather.test' }], bad: [] });
    expect(parseRecipients('bob@feather.test, not an address, x@y@z').bad).toEqual(['not an address', 'x@y@z']);
    expect(parseRecipients('  ')).toEqual({ addresses: [], bad: [] });
    // A forgotten comma is not one address with another for a name.
    expect(parseRecipients('bob@feather.test eve@example.org').bad).toHaveLength(1);
    expect(parseRecipients('"eve@example.org" <bob@feather.test>')).toEqual({ addresses: [{ name: 'eve@example.org', address: 'bob@feather.test' }], bad: [] });
    expect(hasLineBreak('Hello\r\nBcc: victim@example.org')).toBe(true);
    expect(hasLineBreak('Grüße — fine')).toBe(false);
  });

  it('a flowed body comes back as it was typed', async () => {
    const { fromFlowed } = await import('@/lib/mime/compose');
    const typed = `${long}\n\n> ${long}\nFrom the lab\n-- \nCarol`;
    expect(fromFlowed(toFlowed(typed))).toBe(typed);
  });
});
