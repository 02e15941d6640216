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

describe('recipients and header fields', () => {
  it('parse with nodemailer’s address parser, naming every entry that is no address', async () => {
    const { parseRecipients, hasLineBreak } = await import('@/lib/mime/compose');
    expect(parseRecipients('Dana Ö <dana@example.org>, bob@feather.test')).toEqual({ addresses: [{ name: 'Dana Ö', address: 'dana@example.org' }, { name: '', address: 'bob@feather.test' }], bad: [] });
    expect(parseRecipients('bob@feather.test, not an address, x@y@z').bad).toEqual(['not an address', 'x@y@z']);
    expect(parseRecipients('  ')).toEqual({ addresses: [], bad: [] });
    expect(hasLineBreak('Hello\r\nBcc: victim@example.org')).toBe(true);
    expect(hasLineBreak('Grüße — fine')).toBe(false);
  });

  it('a flowed body comes back as it was typed', async () => {
    const { fromFlowed } = await import('@/lib/mime/compose');
    const typed = `${long}\n\n> ${long}\nFrom the lab\n-- \nCarol`;
    expect(fromFlowed(toFlowed(typed))).toBe(typed);
  });
});
