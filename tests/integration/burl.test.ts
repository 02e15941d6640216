// Forwarding a big attachment without it passing through Feather: CATENATE builds the message in Drafts from the
// stored part, GENURLAUTH names it for the submission server, and BURL has Dovecot's submission server fetch it
// from IMAP and relay it to Postfix, which delivers it. A Dovecot and a Postfix of their own (root only, as Postfix).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { ImapFlow } from 'imapflow';
import { catenateMessage, genUrlAuth, storedPartUrl } from '@/lib/imap/catenate';
import { sendByBurl, SmtpRefusal, statusWords } from '@/lib/smtp';
import type { StoredMessage } from '@/lib/imap/drafts';
import type { OutgoingMessage } from '@/lib/mime/compose';
import { describeParts, keepSentCopy, sendPieces, storedAttachments } from '@/lib/mail/deliver';
import { startDovecot, stopDovecot, type DovecotInstance } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import { startPostfix, type PostfixInstance } from '../../rig/postfix';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';
import { messagesWith } from '../helpers/mailbox';

const carol = TEST_USERS.carol;
const bob = TEST_USERS.bob;
const sessions = imapSessions('burl');
const root = process.getuid?.() === 0;
const dataDir = path.join(DATA_ROOT, 'test-dovecot-burl');
/** The largest message Dovecot's submission server takes here (its SIZE): 4 MB, so a refusal is cheap to test. */
const SUBMISSION_MAX_BYTES = 4 * 1024 * 1024;
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
  dovecot = await startDovecot({ dataDir, port: await freePort(), users: [carol, bob], options: { mta, submission: { port: submissionPort, relayPort, maxMailSize: SUBMISSION_MAX_BYTES }, quota: false } });
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
    let announced: unknown;
    const sent = await sendByBurl({ host: '127.0.0.1', port: smtpProxy.port, secure: 'none', rejectUnauthorized: true }, carol, { from: 'carol@feather.test', to: ['bob@feather.test'] }, async (imap) => {
      announced = imap;
      return authorized;
    });
    expect(sent.response).toMatch(/^250 /);
    // Dovecot's submission server names the IMAP server it fetches from (imap_urlauth_host and port).
    expect(announced).toEqual({ host: '127.0.0.1', port: dovecot.port });
    const imap = imapProxy.stats();
    const smtp = smtpProxy.stats();
    console.log(`BURL forward of a ${original.length}-byte message: IMAP ${imap.bytesToServer} B to / ${imap.bytesFromServer} B from the server; SMTP ${smtp.bytesToServer} B to / ${smtp.bytesFromServer} B from; IMAP commands: ${imap.commands.join(' | ')}`);
    expect(imap.bytesToServer + smtp.bytesToServer).toBeLessThan(8192);
    expect(imap.bytesFromServer + smtp.bytesFromServer).toBeLessThan(8192);
    // bob has it, attachment whole.
    const [source] = await bobsMessages('Fwd: data');
    expect(source).toContain('here it is');
    expect(source).toContain(big);
  });
});

/** How many messages carol's `folder` has, as another program sees it. */
async function messageCount(folder: string): Promise<number> {
  const st = await other.status(folder, { messages: true });
  return st ? (st.messages ?? -1) : -1;
}

/** The sources of bob's INBOX messages with `subject`, once `want` have come. */
async function bobsMessages(subject: string, want = 1): Promise<string[]> {
  const b = await otherClient(dovecot.port, bob);
  try {
    return await messagesWith(b, 'INBOX', subject, want);
  } finally {
    await b.logout();
  }
}

/** A message with a text part and a `size`-byte attachment (base64), in carol's INBOX. */
async function originalWithAttachment(subject: string, size: number): Promise<{ at: StoredMessage; source: string; encoded: string }> {
  const encoded = Buffer.alloc(size, 9).toString('base64').replace(/.{76}/g, '$&\r\n');
  const source = `From: Dana <dana@example.org>\r\nTo: carol@feather.test\r\nSubject: ${subject}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nthe report\r\n--b1\r\nContent-Type: application/pdf; name="Report é.pdf"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename*=utf-8''Report%20%C3%A9.pdf\r\n\r\n${encoded}\r\n--b1--\r\n`;
  const r = await other.append('INBOX', source);
  if (!r || !r.uid) throw new Error('APPEND gave no UID');
  return { at: { folder: 'INBOX', uid: r.uid, uidValidity: String(r.uidValidity) }, source, encoded };
}

function forwardOf(subject: string): OutgoingMessage {
  return {
    from: { name: 'Carol', address: 'carol@feather.test' },
    to: [{ name: 'Bob', address: 'bob@feather.test' }],
    cc: [],
    bcc: [{ name: '', address: 'carol@feather.test' }],
    subject,
    text: 'Here is the report.',
    attachments: [],
    messageId: `<${subject.replace(/\W/g, '')}@feather.test>`,
    date: new Date(),
  };
}

describe.skipIf(!root)('sending with parts kept on the server (lib/mail/deliver)', () => {
  const burlSmtp = () => ({ host: '127.0.0.1', port: smtpProxy.port, secure: 'none' as const, rejectUnauthorized: true });

  it('forwards a stored attachment by CATENATE + BURL, keeps the Sent copy by CATENATE, and leaves nothing in Drafts', async () => {
    const subject = `Fwd: report ${Date.now()}`;
    const { at, encoded } = await originalWithAttachment(subject.slice(5), 1024 * 1024);
    const pool = sessions.makePool(imapProxy.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    expect(stored).toEqual([{ ref: { at, section: '2' }, filename: 'Report é.pdf', contentType: 'application/pdf', encoding: 'base64', size: expect.any(Number) }]);
    const draftsBefore = await messageCount('Drafts');
    imapProxy.reset();
    smtpProxy.reset();
    const m = forwardOf(subject);
    const { via } = await sendPieces({ pool, account: a, smtp: burlSmtp(), imap: { host: '127.0.0.1', port: imapProxy.port } }, m, stored, 'Drafts');
    expect(via).toBe('burl');
    expect(await keepSentCopy(pool, a, 'Sent', m, stored)).toBe('kept');
    const imap = imapProxy.stats();
    const smtp = smtpProxy.stats();
    console.log(`deliver (BURL) of a 1 MB attachment: IMAP ${imap.bytesToServer} B to / ${imap.bytesFromServer} B from; SMTP ${smtp.bytesToServer} B to / ${smtp.bytesFromServer} B from`);
    expect(imap.bytesFromServer + smtp.bytesFromServer).toBeLessThan(16_384);
    expect(imap.bytesToServer + smtp.bytesToServer).toBeLessThan(16_384);
    const [received] = await bobsMessages(subject);
    expect(received).toContain(encoded);
    expect(received).toContain('Here is the report.');
    expect(received).toMatch(/filename\*0\*=utf-8''Report%20%C3%A9\.pdf|filename\*=utf-8''Report%20%C3%A9\.pdf/);
    // Bcc went by the envelope only: carol got it, and bob's copy does not name her as Bcc.
    expect(received).not.toMatch(/^Bcc:/im);
    const [sentCopy] = await messagesWith(other, 'Sent', subject);
    expect(sentCopy).toMatch(/^Bcc: carol@feather\.test/im);
    expect(sentCopy).toContain(encoded);
    // The copy built for BURL is gone again.
    expect(await messageCount('Drafts')).toBe(draftsBefore);
  });

  it('without BURL (Postfix straight), streams the stored part from IMAP to SMTP', async () => {
    const subject = `Fwd: streamed ${Date.now()}`;
    const { at, encoded } = await originalWithAttachment(subject.slice(5), 1024 * 1024);
    const pool = sessions.makePool(imapProxy.port);
    const a = await sessions.signedIn(pool, carol);
    const postfixProxy = await startCountingProxy({ host: '127.0.0.1', port: postfix.port });
    try {
      const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
      imapProxy.reset();
      const m = { ...forwardOf(subject), bcc: [] };
      const { via } = await sendPieces({ pool, account: a, smtp: { host: '127.0.0.1', port: postfixProxy.port, secure: 'none', rejectUnauthorized: true }, imap: { host: '127.0.0.1', port: imapProxy.port } }, m, stored, 'Drafts');
      expect(via).toBe('stream');
      const imap = imapProxy.stats();
      const smtp = postfixProxy.stats();
      console.log(`deliver (streamed) of a 1 MB attachment: IMAP ${imap.bytesToServer} B to / ${imap.bytesFromServer} B from; SMTP ${smtp.bytesToServer} B to / ${smtp.bytesFromServer} B from`);
      // The part passed through once each way, as stored (base64), not decoded and encoded again.
      expect(imap.bytesFromServer).toBeGreaterThan(encoded.length);
      expect(smtp.bytesToServer).toBeGreaterThan(encoded.length);
      expect(smtp.bytesToServer).toBeLessThan(encoded.length + 16_384);
      const [received] = await bobsMessages(subject);
      expect(received).toContain(encoded);
    } finally {
      await postfixProxy.close();
    }
  });

  it('forwards the whole original as message/rfc822 by BURL', async () => {
    const subject = `Fwd: whole ${Date.now()}`;
    const { at, source } = await originalWithAttachment(subject.slice(5), 64 * 1024);
    const pool = sessions.makePool(imapProxy.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at }]));
    expect(stored[0]).toMatchObject({ contentType: 'message/rfc822', encoding: '7bit' });
    expect(stored[0].filename).toBe(`${subject.slice(5)}.eml`);
    const { via } = await sendPieces({ pool, account: a, smtp: burlSmtp(), imap: { host: '127.0.0.1', port: imapProxy.port } }, { ...forwardOf(subject), bcc: [] }, stored, 'Drafts');
    expect(via).toBe('burl');
    const [received] = await bobsMessages(subject);
    expect(received).toMatch(/^Content-Type: message\/rfc822/im);
    expect(received).toContain(source.trimEnd());
  });

  it('a message over the submission server’s size is refused in words, and the copy built for it is removed', async () => {
    const subject = `Fwd: too big ${Date.now()}`;
    const { at } = await originalWithAttachment(subject.slice(5), SUBMISSION_MAX_BYTES);
    const pool = sessions.makePool(dovecot.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    const draftsBefore = await messageCount('Drafts');
    const refusal = await sendPieces({ pool, account: a, smtp: burlSmtp(), imap: { host: '127.0.0.1', port: dovecot.port } }, { ...forwardOf(subject), bcc: [] }, stored, 'Drafts').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SmtpRefusal);
    // Dovecot says 5.2.3 (message length over the administrative limit); Postfix says 5.3.4.
    expect(refusal).toMatchObject({ code: 'smtp-refused', status: '5.2.3' });
    expect(statusWords('5.2.3')).toBe('the message is larger than the server allows (5.2.3)');
    expect(await messageCount('Drafts')).toBe(draftsBefore);
    expect(await bobsMessages(subject, 0)).toEqual([]);
  });

  it('when the copy for BURL cannot be built (here: no such folder for it), streams instead', async () => {
    const subject = `Fwd: no drafts ${Date.now()}`;
    const { at, encoded } = await originalWithAttachment(subject.slice(5), 64 * 1024);
    const pool = sessions.makePool(dovecot.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    const sent = await sendPieces({ pool, account: a, smtp: burlSmtp(), imap: { host: '127.0.0.1', port: dovecot.port } }, { ...forwardOf(subject), bcc: [] }, stored, 'No such folder');
    expect(sent.via).toBe('stream');
    expect((await bobsMessages(subject))[0]).toContain(encoded);
  });

  it('sends to the recipients the submission server takes (BURL), naming the ones it refused', async () => {
    const subject = `Fwd: partly ${Date.now()}`;
    const { at } = await originalWithAttachment(subject.slice(5), 16 * 1024);
    const pool = sessions.makePool(dovecot.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    const m = { ...forwardOf(subject), bcc: [], to: [{ name: '', address: 'bob@feather.test' }, { name: '', address: 'nobody@feather.test' }] };
    const sent = await sendPieces({ pool, account: a, smtp: burlSmtp(), imap: { host: '127.0.0.1', port: dovecot.port } }, m, stored, 'Drafts');
    expect(sent).toEqual({ via: 'burl', refused: ['nobody@feather.test'] });
    expect(await bobsMessages(subject)).toHaveLength(1);
  });

  it('sends nothing when a stored part is gone by the time it is sent (expunged by another program meanwhile)', async () => {
    const subject = `Fwd: broken ${Date.now()}`;
    const { at } = await originalWithAttachment(subject.slice(5), 4096);
    const pool = sessions.makePool(dovecot.port);
    const a = await sessions.signedIn(pool, carol);
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    const lock = await other.getMailboxLock('INBOX');
    try {
      await other.messageDelete(String(at.uid), { uid: true });
    } finally {
      lock.release();
    }
    // The message's head is built and handed to SMTP; the part's stream then fails: nodemailer abandons the DATA.
    await expect(sendPieces({ pool, account: a, smtp: { host: '127.0.0.1', port: postfix.port, secure: 'none', rejectUnauthorized: true }, imap: { host: '127.0.0.1', port: dovecot.port } }, { ...forwardOf(subject), bcc: [] }, stored, undefined)).rejects.toMatchObject({ code: 'no-message' });
    expect(await bobsMessages(subject, 0)).toEqual([]);
  });
});
