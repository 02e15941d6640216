// A Dovecot that marks each message `$HasAttachment` or `$HasNoAttachment` as it saves it (its attachment
// detection, `add-flags`: the default from Dovecot 2.4.2 on), a server of its own: the list rows are asked for the
// header fields they show only (no type fields), the paperclip comes from the keywords, and a message without
// either keyword (mail from before the server set them) has its BODYSTRUCTURE asked, for that row alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { listMessages } from '@/lib/imap/mail';
import { BODY_SECTION, ROW_FETCH, TEST_USERS } from '../helpers/fixtures';
import { imapSessions, ownDovecot } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('attachment-keywords');
const own = ownDovecot('test-dovecot-keywords', carol, { quota: false, attachmentKeywords: true });

const TEXT = 'From: Ann <ann@example.org>\r\nSubject: Plain words\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nJust text.\r\n';
const WITH_PDF = [
  'From: Bo <bo@example.org>',
  'Subject: The report',
  'Date: Tue, 03 Mar 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'See the file.',
  '--b1',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--b1--',
  '',
].join('\r\n');
const ALTERNATIVE = [
  'From: Cy <cy@example.org>',
  'Subject: Two ways',
  'Date: Wed, 04 Mar 2026 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Plain.',
  '--b2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Rich.</p>',
  '--b2--',
  '',
].join('\r\n');

beforeAll(async () => {
  for (const raw of [TEXT, WITH_PDF, ALTERNATIVE]) await own.other.append('INBOX', raw);
});

const rowsOf = async () => {
  const pool = sessions.makePool(own.proxy.port);
  const account = await sessions.signedIn(pool, carol);
  own.proxy.reset();
  const page = await listMessages(pool, account, 'INBOX', 1);
  const commands = own.proxy.stats().commands;
  await pool.closeAll();
  return { rows: page.messages.map((m) => [m.subject, m.hasAttachment]), commands };
};

describe('on a server that sets the attachment keywords', () => {
  it('asks the rows for DATE FROM SUBJECT only and takes the paperclip from the keywords: no BODYSTRUCTURE, no body', async () => {
    const { rows, commands } = await rowsOf();
    expect(rows).toEqual([
      ['Two ways', false],
      ['The report', true],
      ['Plain words', false],
    ]);
    const fetches = commands.filter((c) => /FETCH/.test(c));
    expect(fetches, commands.join(' | ')).toEqual(['FETCH 1:3 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)] PREVIEW)']);
    expect(ROW_FETCH.test(fetches[0])).toBe(true);
    expect(commands.filter((c) => BODY_SECTION.test(c))).toEqual([]);
  });

  it('a message without either keyword has its BODYSTRUCTURE asked, that row only, and keeps its paperclip', async () => {
    const lock = await own.other.getMailboxLock('INBOX');
    try {
      await own.other.messageFlagsRemove('2', ['$HasAttachment', '$HasNoAttachment'], { uid: true });
    } finally {
      lock.release();
    }
    const { rows, commands } = await rowsOf();
    expect(rows.map((r) => r[1])).toEqual([false, true, false]);
    const structures = commands.filter((c) => /BODYSTRUCTURE/.test(c));
    expect(structures).toHaveLength(1);
    // imapflow adds MODSEQ to its own FETCH once CONDSTORE is enabled.
    expect(structures[0]).toMatch(/^UID FETCH 2 \(UID BODYSTRUCTURE( MODSEQ)?\)$/);
  });
});
