// CATENATE (RFC 4469) on the plain rig Dovecot: a new message in Drafts made of bytes Feather sends and a part the
// server copies from a stored message by URL. The counting proxy shows the part never crossing to Feather or back.
import { describe, expect, inject, it } from 'vitest';
import { catenateMessage, storedPartUrl } from '@/lib/imap/catenate';
import { startCountingProxy } from '../../rig/imap-proxy';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('catenate');

describe('CATENATE', () => {
  it('builds a message on the server from a stored part by URL: the part’s bytes do not pass through Feather', async () => {
    const other = await otherClient(inject('imapPort'), carol);
    const folder = `Cat${Date.now() % 100000}`;
    await other.mailboxCreate(folder);
    const big = Buffer.alloc(2 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const original = `From: a@example.org\r\nSubject: big one\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b1\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=data.bin\r\n\r\n${big}\r\n--b1--\r\n`;
    const stored = await other.append(folder, original);
    if (!stored || !stored.uid || stored.uidValidity === undefined) throw new Error('APPEND gave no APPENDUID');
    const url = storedPartUrl({ folder, uid: stored.uid, uidValidity: String(stored.uidValidity) }, '2');
    expect(url).toBe(`/${folder};UIDVALIDITY=${stored.uidValidity}/;UID=${stored.uid}/;SECTION=2`);

    const proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('imapPort') });
    try {
      const pool = sessions.makePool(proxy.port);
      const a = await sessions.signedIn(pool, carol);
      proxy.reset();
      const head = Buffer.from(
        'From: carol@feather.test\r\nSubject: Fwd: big one\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\nforwarded\r\n--b2\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=data.bin\r\n\r\n',
      );
      const made = await catenateMessage(pool, a, 'Drafts', [{ text: head }, { url: url! }, { text: Buffer.from('\r\n--b2--\r\n') }], ['\\Draft', '\\Seen']);
      expect(made).toMatchObject({ folder: 'Drafts', uid: expect.any(Number) });
      const s = proxy.stats();
      // About 2.8 MB of encoded attachment were copied by the server; Feather sent and received a few hundred bytes.
      expect(s.bytesToServer).toBeLessThan(4096);
      expect(s.bytesFromServer).toBeLessThan(4096);
      expect(s.commands.some((c) => /^APPEND Drafts \(\\Draft \\Seen\) CATENATE \(TEXT \{\d+\+?\}/.test(c))).toBe(true);
      // The new message has the attachment exactly as the original stores it.
      const lock = await other.getMailboxLock('Drafts');
      try {
        const msg = await other.fetchOne(String(made!.uid), { source: true }, { uid: true });
        const text = msg && msg.source ? msg.source.toString() : '';
        expect(text).toContain('Subject: Fwd: big one');
        expect(text).toContain(big);
      } finally {
        lock.release();
      }
    } finally {
      await proxy.close();
      await other.logout();
    }
  });

  it('takes a part from a folder named in any script (the URL in UTF-8, %-escaped)', async () => {
    const other = await otherClient(inject('imapPort'), carol);
    const folder = `Bücher Ω ${Date.now() % 100000}`;
    await other.mailboxCreate(folder);
    try {
      const original = `From: a@example.org\r\nSubject: notes\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b1\r\nContent-Type: text/plain; name=notes.txt\r\n\r\nthe notes, from a folder with accents\r\n--b1--\r\n`;
      const stored = await other.append(folder, original);
      if (!stored || !stored.uid) throw new Error('APPEND gave no APPENDUID');
      const url = storedPartUrl({ folder, uid: stored.uid, uidValidity: String(stored.uidValidity) }, '2')!;
      expect(url).toMatch(/^\/B%C3%BCcher%20%CE%A9%20\d+;UIDVALIDITY=/);
      const pool = sessions.makePool(inject('imapPort'));
      const a = await sessions.signedIn(pool, carol);
      const made = await catenateMessage(pool, a, 'Drafts', [{ text: Buffer.from('Subject: from accents\r\n\r\n') }, { url }], ['\\Draft', '\\Seen']);
      const lock = await other.getMailboxLock('Drafts');
      try {
        const msg = await other.fetchOne(String(made!.uid), { source: true }, { uid: true });
        expect(msg && msg.source ? msg.source.toString() : '').toContain('the notes, from a folder with accents');
      } finally {
        lock.release();
      }
    } finally {
      await other.logout();
    }
  });
});
