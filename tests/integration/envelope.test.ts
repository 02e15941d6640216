// A message's list row (its header fields) and its own page (ENVELOPE, BODYSTRUCTURE) agree, against the real Dovecot.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { Account, ConnectionPool } from '@/lib/imap/pool';
import { listMessages, openMessage } from '@/lib/imap/mail';
import { attachmentMark } from '@/lib/mime/plan';
import type { MimeNode } from '@/lib/mime/types';
import { rigPool } from '../../rig/pool';
import { BAD_DATE_HEADER, SPECIAL, TEST_USERS } from '../helpers/fixtures';

const alice = TEST_USERS.alice;
let pool: ConnectionPool;
const account: Account = { sid: 'envelope-test', user: alice.user, password: alice.password };

beforeAll(async () => {
  pool = rigPool(inject('imapPort'));
  await pool.signIn(account);
});
afterAll(async () => {
  await pool.closeAll();
});

describe('a message whose Date header is garbage', () => {
  it('shows INTERNALDATE, the same in the list and on its page', async () => {
    const row = (await listMessages(pool, account, 'INBOX', 1)).messages.find((m) => m.subject === SPECIAL.badDate)!;
    expect(row).toBeDefined();
    const opened = await openMessage(pool, account, 'INBOX', row.uid, () => [], { markSeen: false });

    // What the server holds: the header as written, and the arrival time.
    const other = new ImapFlow({ host: '127.0.0.1', port: inject('imapPort'), secure: false, auth: { user: alice.user, pass: alice.password }, logger: false });
    await other.connect();
    let internalDate: Date | string | undefined;
    let header = '';
    try {
      await other.mailboxOpen('INBOX', { readOnly: true });
      const msg = await other.fetchOne(String(row.uid), { internalDate: true, headers: ['date'] }, { uid: true });
      internalDate = msg ? msg.internalDate : undefined;
      header = msg && msg.headers ? msg.headers.toString() : '';
    } finally {
      await other.logout();
    }
    expect(header).toContain(BAD_DATE_HEADER);
    expect(internalDate).toBeDefined();

    const arrived = new Date(internalDate!).toISOString();
    expect(row.date).toBe(arrived);
    expect(opened.detail.date).toBe(arrived);
    expect(opened.detail.subject).toEqual(row.subject);
    expect(opened.detail.from).toEqual(row.from);
  });
});

describe('every list row', () => {
  it('shows what its message’s page shows (subject, sender, date: header fields against ENVELOPE), and the paperclip BODYSTRUCTURE gives', async () => {
    const first = await listMessages(pool, account, 'INBOX', 1);
    const rows = [...first.messages];
    for (let p = 2; p <= first.pageCount; p++) rows.push(...(await listMessages(pool, account, 'INBOX', p)).messages);
    expect(rows.length).toBe(first.total);
    let marked = 0;
    for (const row of rows) {
      let structure: MimeNode | null = null;
      const opened = await openMessage(pool, account, 'INBOX', row.uid, (d) => ((structure = d.structure), []), { markSeen: false });
      const what = `${row.uid} "${row.subject}"`;
      expect(row.subject, what).toBe(opened.detail.subject);
      expect(row.from, what).toEqual(opened.detail.from);
      expect(row.date, what).toBe(opened.detail.date);
      // The hostile message whose structure imapflow cannot read has no paperclip either way.
      expect(row.hasAttachment ?? false, what).toBe(structure ? attachmentMark(structure) : false);
      if (row.hasAttachment) marked++;
    }
    // The fixtures have attachments (the 20 MB one among them): the comparison saw both answers.
    expect(marked).toBeGreaterThan(2);
    expect(marked).toBeLessThan(rows.length);
  });
});
