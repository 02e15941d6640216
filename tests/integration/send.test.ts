// Sending (lib/smtp) through the private Postfix into the private Dovecot: a message built by lib/mime/compose
// arrives in the recipient's INBOX with its headers and its flowed text; what Postfix refuses is told apart.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { startDovecot, stopDovecot, type DovecotInstance } from '../../rig/dovecot';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import nodemailer from 'nodemailer';
import { buildMessage, type OutgoingMessage } from '@/lib/mime/compose';
import { sendRaw, statusWords, type SmtpServer } from '@/lib/smtp';
import { outgoingSupport } from '@/lib/imap/stored';
import { readDraft } from '@/lib/imap/drafts';
import { describeParts, keepSentCopy, sendPieces, storedAttachments } from '@/lib/mail/deliver';
import { MAIL_DOMAIN } from '../../rig/postfix';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';
import { messagesWith } from '../helpers/mailbox';

const carol = TEST_USERS.carol;
const bob = TEST_USERS.bob;
const server = (): SmtpServer => ({ host: '127.0.0.1', port: inject('smtpPort'), secure: 'none', rejectUnauthorized: true });
const noPostfix = () => inject('smtpPort') === 0;

function message(subject: string, extra: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    from: { name: 'Carol Student', address: `carol@${MAIL_DOMAIN}` },
    to: [{ name: 'Bob', address: `bob@${MAIL_DOMAIN}` }],
    cc: [],
    bcc: [],
    subject,
    text: `Hello Bob,\n\n${'This sentence is repeated to make a line longer than seventy-two characters. '.repeat(2)}\n\nCarol`,
    attachments: [],
    messageId: `<${subject.replace(/\W/g, '')}@${MAIL_DOMAIN}>`,
    date: new Date(),
    ...extra,
  };
}

/** Waits for a message with `subject` in `user`'s INBOX and returns its source. */
async function arrived(user: typeof bob, subject: string): Promise<string> {
  const c = await otherClient(inject('imapPort'), user);
  try {
    const [source] = await messagesWith(c, 'INBOX', subject);
    if (!source) throw new Error(`"${subject}" did not arrive for ${user.user}`);
    return source;
  } finally {
    await c.logout();
  }
}

describe.skipIf(noPostfix())('sending through the private Postfix', () => {
  it('delivers to the recipient’s INBOX with its headers and its format=flowed text; Bcc is not in what was sent', async () => {
    const subject = `Grüße ${Date.now()}`;
    const m = message(subject, { bcc: [{ name: '', address: `pat@${MAIL_DOMAIN}` }] });
    const raw = await buildMessage(m, { keepBcc: false });
    const r = await sendRaw(server(), carol, { from: m.from.address, to: [...m.to, ...m.bcc].map((a) => a.address) }, raw);
    expect(r.response).toMatch(/^250 /);
    const source = await arrived(bob, subject);
    expect(source).toMatch(/^From: Carol Student <carol@feather\.test>/m);
    expect(source).toMatch(/^Message-ID: <Gre\d+@feather\.test>/im);
    expect(source).toMatch(/format=flowed/);
    expect(source).not.toMatch(/^Bcc:/im);
    // The Bcc recipient got it too, by the envelope.
    expect(await arrived(TEST_USERS.pat, subject)).toContain(subject.slice(-13));
  });

  it('tells apart a refused recipient, a refused sign-in and an unreachable server', async () => {
    const m = message(`Nobody ${Date.now()}`);
    const raw = await buildMessage(m, { keepBcc: false });
    await expect(sendRaw(server(), carol, { from: m.from.address, to: [`nobody@${MAIL_DOMAIN}`] }, raw)).rejects.toMatchObject({ code: 'recipient-refused', recipients: [`nobody@${MAIL_DOMAIN}`], status: '5.1.1' });
    await expect(sendRaw(server(), { user: carol.user, password: 'wrong-password' }, { from: m.from.address, to: [`bob@${MAIL_DOMAIN}`] }, raw)).rejects.toMatchObject({ code: 'smtp-auth' });
    // Without SMTP AUTH, Postfix takes nothing at all.
    const anonymous = nodemailer.createTransport({ host: '127.0.0.1', port: inject('smtpPort'), secure: false, ignoreTLS: true });
    await expect(anonymous.sendMail({ envelope: { from: m.from.address, to: [`bob@${MAIL_DOMAIN}`] }, raw })).rejects.toMatchObject({ responseCode: 554 });
    await expect(sendRaw({ ...server(), port: 1 }, carol, { from: m.from.address, to: [`bob@${MAIL_DOMAIN}`] }, raw)).rejects.toMatchObject({ code: 'smtp-unreachable' });
  });

  it('sends to the recipients the server takes, and names the ones it refused', async () => {
    const m = message(`Partly ${Date.now()}`);
    const raw = await buildMessage(m, { keepBcc: false });
    const sent = await sendRaw(server(), carol, { from: m.from.address, to: [`bob@${MAIL_DOMAIN}`, `nobody@${MAIL_DOMAIN}`] }, raw);
    expect(sent.refused).toEqual([`nobody@${MAIL_DOMAIN}`]);
    expect(await arrived(bob, m.subject)).toContain(m.subject);
  });

  it('a message larger than the server takes (its SIZE) is refused before its bytes are sent', async () => {
    const m = message(`Huge ${Date.now()}`);
    const raw = await buildMessage(m, { keepBcc: false });
    // The rig's Postfix announces SIZE 52428800: a message said to be larger is refused by nodemailer before MAIL FROM.
    await expect(sendRaw(server(), carol, { from: m.from.address, to: [`bob@${MAIL_DOMAIN}`], size: 60 * 1024 * 1024 }, raw)).rejects.toMatchObject({ code: 'smtp-refused', status: '5.3.4' });
    expect(statusWords('5.3.4')).toBe('the message is larger than the server takes (5.3.4)');
  });
});

describe.skipIf(noPostfix())('a server without CATENATE (courier-like)', () => {
  const sessions = imapSessions('send-courier');

  it('streams a kept part from IMAP to SMTP, and APPENDs the Sent copy with it whole', async () => {
    const subject = `Fwd: no catenate ${Date.now()}`;
    const encoded = Buffer.alloc(300 * 1024, 5).toString('base64').replace(/.{76}/g, '$&\r\n');
    const original = `From: dana@example.org\r\nSubject: data\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nthe data\r\n--b1\r\nContent-Type: application/octet-stream; name=data.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${encoded}\r\n--b1--\r\n`;
    const c = await otherClient(inject('courierImapPort'), carol);
    let at;
    try {
      const r = await c.append('INBOX', original);
      if (!r || !r.uid) throw new Error('APPEND gave no UID');
      at = { folder: 'INBOX', uid: r.uid, uidValidity: String(r.uidValidity) };
    } finally {
      await c.logout();
    }
    const pool = sessions.makePool(inject('courierImapPort'));
    const a = await sessions.signedIn(pool, carol);
    expect(await outgoingSupport(pool, a)).toEqual({ catenate: false, urlauth: false, savesSent: false });
    const stored = storedAttachments(await describeParts(pool, a, [{ at, section: '2' }]));
    const m = message(subject, { text: 'See the data.' });
    expect((await sendPieces({ pool, account: a, smtp: server(), imap: { host: '127.0.0.1', port: inject('courierImapPort') } }, m, stored, 'INBOX')).via).toBe('stream');
    expect(await arrived(bob, subject)).toContain(encoded);
    // Kept in the folder given for Sent: the message whole, its part read from the server and APPENDed.
    expect(await keepSentCopy(pool, a, 'INBOX', m, stored)).toBe('kept');
    const copy = await otherClient(inject('courierImapPort'), carol);
    try {
      const [kept] = await messagesWith(copy, 'INBOX', subject);
      expect(kept).toContain(encoded);
      expect(kept).toContain('See the data.');
    } finally {
      await copy.logout();
    }
  });
});

describe('a server that files sent mail in Sent itself (Gmail: X-GM-EXT-1)', () => {
  const sessions = imapSessions('send-gmail-like');
  const dataDir = path.join(DATA_ROOT, 'test-dovecot-gmail-like');
  let dovecot: DovecotInstance;
  beforeAll(async () => {
    await stopDovecot(dataDir);
    await fsp.rm(path.join(dataDir, 'home'), { recursive: true, force: true });
    // Dovecot's own capabilities, and Gmail's extension word.
    dovecot = await startDovecot({ dataDir, port: await freePort(), users: [carol], options: { capabilities: '+X-GM-EXT-1', quota: false } });
  });
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('gets no second copy from Feather', async () => {
    const pool = sessions.makePool(dovecot.port);
    const a = await sessions.signedIn(pool, carol);
    expect((await outgoingSupport(pool, a)).savesSent).toBe(true);
    expect(await keepSentCopy(pool, a, 'Sent', message(`Filed by the server ${Date.now()}`), [])).toBe('server');
    const c = await otherClient(dovecot.port, carol);
    try {
      const st = await c.status('Sent', { messages: true });
      expect(st && st.messages).toBe(0);
    } finally {
      await c.logout();
    }
  });
});

describe('a draft written by another mail program', () => {
  const sessions = imapSessions('send-drafts');

  it('is read back as text: the plain part of a text + HTML draft, or the HTML alone as text', async () => {
    const c = await otherClient(inject('imapPort'), carol);
    const both = `From: carol@feather.test\r\nTo: bob@feather.test\r\nSubject: From Thunderbird\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=a1\r\n\r\n--a1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words, begun elsewhere.\r\n--a1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Plain words, begun elsewhere.</p>\r\n--a1--\r\n`;
    const htmlOnly = `From: carol@feather.test\r\nSubject: HTML only\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Only <b>HTML</b> here.</p>\r\n`;
    let a1, a2;
    try {
      a1 = await c.append('Drafts', both, ['\\Draft']);
      a2 = await c.append('Drafts', htmlOnly, ['\\Draft']);
    } finally {
      await c.logout();
    }
    if (!a1 || !a2 || !a1.uid || !a2.uid) throw new Error('APPEND gave no UID');
    const pool = sessions.makePool(inject('imapPort'));
    const a = await sessions.signedIn(pool, carol);
    const first = await readDraft(pool, a, { folder: 'Drafts', uid: a1.uid, uidValidity: String(a1.uidValidity) }, 1024 * 1024);
    expect(first.text?.html).toBe(false);
    expect(first.text?.bytes.toString()).toContain('Plain words, begun elsewhere.');
    const second = await readDraft(pool, a, { folder: 'Drafts', uid: a2.uid, uidValidity: String(a2.uidValidity) }, 1024 * 1024);
    expect(second.text?.html).toBe(true);
    // Too long to edit here: refused, so the page never replaces it with an empty draft.
    await expect(readDraft(pool, a, { folder: 'Drafts', uid: a1.uid, uidValidity: String(a1.uidValidity) }, 10)).rejects.toMatchObject({ code: 'too-large' });
  });
});
