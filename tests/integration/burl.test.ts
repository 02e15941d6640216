// Forwarding a big attachment without it passing through Feather: CATENATE builds the message in Drafts from the
// stored part, GENURLAUTH names it for the submission server, and BURL has Dovecot's submission server fetch it
// from IMAP and relay it to Postfix, which delivers it. A Dovecot and a Postfix of their own (root only, as Postfix).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { catenateMessage, genUrlAuth, storedPartUrl } from '@/lib/imap/catenate';
import { sendByBurl } from '@/lib/smtp';
import { startDovecot, stopDovecot, type DovecotInstance } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import { startPostfix, type PostfixInstance } from '../../rig/postfix';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const bob = TEST_USERS.bob;
const sessions = imapSessions('burl');
const root = process.getuid?.() === 0;
const dataDir = path.join(DATA_ROOT, 'test-dovecot-burl');
let dovecot: DovecotInstance;
let postfix: PostfixInstance;
let submissionPort: number;
let imapProxy: CountingProxy;
let smtpProxy: CountingProxy;
let other: ImapFlow;

beforeAll(async () => {
  if (!root) return;
  await stopDovecot(dataDir);
  await fsp.rm(path.join(dataDir, 'home'), { recursive: true, force: true });
  const mta = { lmtpPort: await freePort(), authPort: await freePort() };
  const relayPort = await freePort();
  submissionPort = await freePort();
  dovecot = await startDovecot({ dataDir, port: await freePort(), users: [carol, bob], options: { mta, submission: { port: submissionPort, relayPort }, quota: false } });
  postfix = await startPostfix({ dataDir: path.join(DATA_ROOT, 'test-postfix-burl'), port: await freePort(), ...mta, relayPort, users: [carol.user, bob.user] });
  imapProxy = await startCountingProxy({ host: '127.0.0.1', port: dovecot.port });
  smtpProxy = await startCountingProxy({ host: '127.0.0.1', port: submissionPort });
  other = await otherClient(dovecot.port, carol);
}, 60_000);
afterAll(async () => {
  await other?.logout();
  await imapProxy?.close();
  await smtpProxy?.close();
  await postfix?.stop();
  await dovecot?.stop();
});

describe.skipIf(!root)('CATENATE + URLAUTH + BURL', () => {
  it('forwards a 2 MB attachment with under 8 KB passing through Feather each way', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const original = `From: dana@example.org\r\nSubject: data\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nthe data\r\n--b1\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=data.bin\r\n\r\n${big}\r\n--b1--\r\n`;
    const stored = await other.append('INBOX', original);
    if (!stored || !stored.uid) throw new Error('APPEND gave no UID');
    const pool = sessions.makePool(imapProxy.port);
    const a = await sessions.signedIn(pool, carol);
    imapProxy.reset();
    smtpProxy.reset();
    const url = storedPartUrl({ folder: 'INBOX', uid: stored.uid, uidValidity: String(stored.uidValidity) }, '2')!;
    const head = Buffer.from(
      `From: carol@feather.test\r\nTo: bob@feather.test\r\nSubject: Fwd: data\r\nMessage-ID: <burl-${Date.now()}@feather.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b2\r\n\r\n--b2\r\nContent-Type: text/plain\r\n\r\nhere it is\r\n--b2\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=data.bin\r\n\r\n`,
    );
    const draft = await catenateMessage(pool, a, 'Drafts', [{ text: head }, { url }, { text: Buffer.from('\r\n--b2--\r\n') }], ['\\Draft', '\\Seen']);
    expect(draft).toBeDefined();
    const authorized = await genUrlAuth(pool, a, draft!, '127.0.0.1', dovecot.port);
    expect(authorized).toMatch(/^imap:\/\/carol@127\.0\.0\.1:\d+\/Drafts;UIDVALIDITY=\d+\/;UID=\d+;URLAUTH=submit\+carol:internal:[0-9a-f]+$/);
    const sent = await sendByBurl({ host: '127.0.0.1', port: smtpProxy.port, secure: 'none', rejectUnauthorized: true }, carol, { from: 'carol@feather.test', to: ['bob@feather.test'] }, authorized);
    expect(sent.response).toMatch(/^250 /);
    const imap = imapProxy.stats();
    const smtp = smtpProxy.stats();
    console.log(`BURL forward of a ${original.length}-byte message: IMAP ${imap.bytesToServer} B to / ${imap.bytesFromServer} B from the server; SMTP ${smtp.bytesToServer} B to / ${smtp.bytesFromServer} B from; IMAP commands: ${imap.commands.join(' | ')}`);
    expect(imap.bytesToServer + smtp.bytesToServer).toBeLessThan(8192);
    expect(imap.bytesFromServer + smtp.bytesFromServer).toBeLessThan(8192);
    // bob has it, attachment whole.
    const b = await otherClient(dovecot.port, bob);
    try {
      let source = '';
      for (let i = 0; i < 100 && !source; i++) {
        const lock = await b.getMailboxLock('INBOX');
        try {
          await b.noop();
          const found = (await b.search({ header: { subject: 'Fwd: data' } }, { uid: true })) || [];
          if (found.length) {
            const m = await b.fetchOne(String(found[0]), { source: true }, { uid: true });
            source = m && m.source ? m.source.toString() : '';
          }
        } finally {
          lock.release();
        }
        if (!source) await new Promise((r) => setTimeout(r, 100));
      }
      expect(source).toContain('here it is');
      expect(source).toContain(big);
    } finally {
      await b.logout();
    }
  });
});
