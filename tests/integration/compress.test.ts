// A Dovecot that offers COMPRESS=DEFLATE (RFC 4978, its imap_zlib), a server of its own: Feather's connections
// compress both ways once signed in, the list and a message read the same as without, and the counting proxy still
// reads every command through the compression (the bench counts the list page's bytes this way).
import { describe, expect, it } from 'vitest';
import { listMessages, openMessage } from '@/lib/imap/mail';
import { planBody } from '@/lib/mime/plan';
import { ROW_FETCH, TEST_USERS } from '../helpers/fixtures';
import { imapSessions, ownDovecot } from '../helpers/imap-sessions';

const carol = TEST_USERS.carol;
const sessions = imapSessions('compress');
const own = ownDovecot('test-dovecot-compress', carol, { quota: false, compress: true });

// Text that repeats, as mail headers and list rows do: deflate makes it a fraction of its size.
const LINE = 'The numbers look reasonable, but the variance is higher than expected.';
const message = (i: number) =>
  [`From: Ann Example <ann@example.org>`, `Subject: Report ${i}`, `Date: Mon, 02 Mar 2026 10:${String(i).padStart(2, '0')}:00 +0000`, 'Content-Type: text/plain; charset=utf-8', '', ...Array.from({ length: 40 }, () => LINE), ''].join('\r\n');

describe('on a server with COMPRESS=DEFLATE', () => {
  it('compresses the connection, lists and reads as without it, and every command is still seen by the proxy', async () => {
    for (let i = 1; i <= 30; i++) await own.other.append('INBOX', message(i));
    const pool = sessions.makePool(own.proxy.port);
    own.proxy.reset();
    const account = await sessions.signedIn(pool, carol);
    const signIn = own.proxy.stats();
    expect(signIn.commands, signIn.commands.join(' | ')).toContain('COMPRESS DEFLATE');
    expect(signIn.compressedConnections).toBeGreaterThanOrEqual(1);

    own.proxy.reset();
    const page = await listMessages(pool, account, 'INBOX', 1);
    const list = own.proxy.stats();
    expect(page.messages.map((m) => m.subject).slice(0, 3)).toEqual(['Report 30', 'Report 29', 'Report 28']);
    expect(page.messages[0].preview).toMatch(/^The numbers look reasonable/);
    // Commands sent after the switch, read by inflating the client's stream.
    const fetches = list.commands.filter((c) => /FETCH/.test(c));
    expect(fetches).toHaveLength(1);
    expect(ROW_FETCH.test(fetches[0]), fetches[0]).toBe(true);
    // What the wire carried is less than what it meant.
    expect(list.bytesFromServerInflated).toBeGreaterThan(2 * list.bytesFromServer);

    const uid = page.messages[0].uid;
    own.proxy.reset();
    const opened = await openMessage(pool, account, 'INBOX', uid, (d) => [{ section: planBody(d.structure!, { preferText: true }).body!.section, maxBytes: 65536 }], { markSeen: false });
    const read = own.proxy.stats();
    expect(read.commands.join(' | ')).toMatch(/BODY\.PEEK\[(1|TEXT)\]/);
    const text = [...opened.sections.values()][0].toString('utf8');
    expect(text.split(LINE).length - 1).toBe(40);
    await pool.closeAll();
  });
});
