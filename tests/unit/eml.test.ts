import { describe, expect, it } from 'vitest';
import { uploadedMessage } from '@/lib/mime/eml';

const message = 'From: Dana <dana@example.org>\r\nDate: Tue, 05 Mar 2024 14:05:00 +0000\r\nSubject: Saved\r\n\r\nBody\r\n';

describe('uploadedMessage', () => {
  it('takes a message, its Date for the INTERNALDATE; LF line ends and a message without a body too', () => {
    const m = uploadedMessage(Buffer.from(message));
    expect(m).toMatchObject({ ok: true, date: new Date('2024-03-05T14:05:00Z') });
    expect(uploadedMessage(Buffer.from(message.replace(/\r\n/g, '\n')))).toMatchObject({ ok: true });
    expect(uploadedMessage(Buffer.from('Subject: only headers\r\nX-Folded: a\r\n  b\r\n'))).toMatchObject({ ok: true, date: undefined });
  });

  it('drops an mbox "From " separator line in front', () => {
    const m = uploadedMessage(Buffer.from(`From dana@example.org Tue Mar  5 14:05:00 2024\n${message}`));
    expect(m.ok && m.bytes.toString()).toBe(message);
  });

  it('refuses what is not a message: text, pictures, PDFs, binary, an empty file, headers no message has', () => {
    for (const [what, bytes] of [
      ['text', Buffer.from('Dear diary,\nnothing happened today.\n')],
      ['png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
      ['pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')],
      ['nul', Buffer.from('Subject: x\r\n\r\n\u0000\u0001')],
      ['odd headers', Buffer.from('Name: Dana\nAge: 30\n\nnotes\n')],
      ['header then prose', Buffer.from('Subject: x\nthis line is no header\n\nbody')],
    ] as const) {
      expect(uploadedMessage(bytes), what).toEqual({ ok: false, reason: 'not-a-message' });
    }
    expect(uploadedMessage(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
  });
});
