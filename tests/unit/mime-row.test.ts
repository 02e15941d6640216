// A list row's header fields (lib/mime/row.ts): what the row shows, read the way the message's page reads them.
import { describe, expect, it } from 'vitest';
import { headerRulesOutAttachment, rowHeaders } from '@/lib/mime/row';

describe('rowHeaders', () => {
  it('decodes the subject and the sender’s name after splitting the list, unfolds, takes the first of a repeated field', () => {
    const h = rowHeaders(
      'Subject: =?UTF-8?Q?Caf=C3=A9?=\r\n =?UTF-8?Q?_au_lait?=\r\nFrom: "=?ISO-8859-1?Q?M=FCller=2C_Hans?=" <hans@example.de>, bo@example.org\r\nSubject: second\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\r\n',
    );
    expect(h.subject).toBe('Café au lait');
    expect(h.from).toEqual([
      { name: 'Müller, Hans', address: 'hans@example.de' },
      { name: '', address: 'bo@example.org' },
    ]);
    expect(h.date).toBe('2026-12-01T09:00:00.000Z');
    expect(h.type).toBe('text/plain');
    expect(h.disposition).toBe('');
  });

  it('reads raw UTF-8 and Latin-1 header bytes, a group’s members, and nothing from nothing', () => {
    expect(rowHeaders(Buffer.from('Subject: Grüße\r\n\r\n', 'utf8')).subject).toBe('Grüße');
    expect(rowHeaders(Buffer.from('Subject: Grüße\r\n\r\n', 'latin1')).subject).toBe('Grüße');
    expect(rowHeaders('From: Team: a@example.org, b@example.org;\r\n\r\n').from.map((a) => a.address)).toEqual(['a@example.org', 'b@example.org']);
    expect(rowHeaders('\r\n')).toEqual({ subject: '', from: [], date: null, type: 'text/plain', disposition: '' });
  });

  it('gives the type and disposition without their parameters; a nonsense type is text', () => {
    const h = rowHeaders('Content-Type: Multipart/Mixed;\r\n boundary="x"\r\nContent-Disposition: ATTACHMENT; filename=a.txt\r\n\r\n');
    expect([h.type, h.disposition]).toEqual(['multipart/mixed', 'attachment']);
    expect(rowHeaders('Content-Type: nonsense\r\n\r\n').type).toBe('text/plain');
  });
});

describe('headerRulesOutAttachment', () => {
  it('only for a single text shown inline: any multipart, a bare file or an attached text asks the structure', () => {
    expect(headerRulesOutAttachment({ type: 'text/plain', disposition: '' })).toBe(true);
    expect(headerRulesOutAttachment({ type: 'text/html', disposition: 'inline' })).toBe(true);
    expect(headerRulesOutAttachment({ type: 'text/plain', disposition: 'attachment' })).toBe(false);
    for (const type of ['multipart/alternative', 'multipart/mixed', 'multipart/related', 'multipart/signed', 'application/pdf', 'message/rfc822']) {
      expect(headerRulesOutAttachment({ type, disposition: '' }), type).toBe(false);
    }
  });
});

describe('rowHeaders without the type fields', () => {
  it('gives no type when CONTENT-TYPE was not fetched, so the header settles no paperclip', () => {
    const head = rowHeaders('Subject: Hi\r\nFrom: a@example.org\r\n\r\n', ['date', 'from', 'subject']);
    expect(head.type).toBeNull();
    expect(headerRulesOutAttachment(head)).toBe(false);
    expect(rowHeaders('Subject: Hi\r\n\r\n').type).toBe('text/plain');
  });
});
