// The conversation view against Dovecot (THREAD=REFERENCES): the search corpus has two conversations (a message and
// its reply; a message and two replies), threaded by In-Reply-To/References; every other message is alone.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listConversations, readConversation } from '@/lib/imap/mail';
import { folderPathIn, type DovecotLayout } from '../../rig/dovecot';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { BODY_SECTION, SEARCH_CORPUS, TEST_USERS } from '../helpers/fixtures';
import { imapSessions } from '../helpers/imap-sessions';

const sessions = imapSessions('threads');
const inbox = SEARCH_CORPUS.filter((m) => !m.folder);
/** The corpus's conversations: each message with the ones answering it, by subject; newest conversation first. */
const expected = (() => {
  const roots = inbox.filter((m) => !m.answers);
  const threads = roots.map((r) => [r, ...inbox.filter((m) => m.answers === r.subject)]);
  const last = (t: typeof threads[number]) => Math.max(...t.map((m) => inbox.indexOf(m)));
  return threads.sort((a, b) => last(b) - last(a));
})();

const SERVERS: Array<{ layout: DovecotLayout; port: () => number }> = [
  { layout: 'dovecot', port: () => inject('imapPort') },
  { layout: 'courier-like', port: () => inject('courierImapPort') },
];

describe.each(SERVERS)('conversations on the $layout server', ({ layout, port }) => {
  let proxy: CountingProxy;
  beforeAll(async () => {
    proxy = await startCountingProxy({ host: '127.0.0.1', port: port() });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('lists one row per conversation, newest first: its newest message, its size and its unread', async () => {
    const pool = sessions.makePool(proxy.port);
    const a = await sessions.signedIn(pool, TEST_USERS.sam);
    proxy.reset();
    const page = await listConversations(pool, a, 'INBOX', 1);
    expect(page.unthreaded).toBeUndefined();
    expect(page.total).toBe(expected.length);
    expect(page.conversations).toEqual({ covered: inbox.length, messages: inbox.length });
    expect(page.messages.map((m) => [m.subject, m.conversation?.count, m.conversation?.unread])).toEqual(
      expected.map((t) => [t.at(-1)!.subject, t.length, t.filter((m) => !m.seen).length]),
    );
    const commands = proxy.stats().commands;
    expect(commands.filter((c) => /THREAD/.test(c))).toEqual(['UID THREAD REFERENCES UTF-8 ALL']);
    expect(commands.join('\n')).not.toMatch(/FETCH 1:\*/);
    expect(commands.join('\n')).not.toMatch(BODY_SECTION);
    // The next page of the same folder threads nothing again (kept while the folder is unchanged).
    proxy.reset();
    await listConversations(pool, a, 'INBOX', 1);
    expect(proxy.stats().commands.filter((c) => /THREAD/.test(c))).toEqual([]);
  });

  it('opens a conversation from any of its messages, oldest first', async () => {
    const pool = sessions.makePool(proxy.port);
    const a = await sessions.signedIn(pool, TEST_USERS.sam);
    const page = await listConversations(pool, a, 'INBOX', 1);
    const three = page.messages.find((m) => m.conversation?.count === 3)!;
    const whole = await readConversation(pool, a, 'INBOX', three.uid);
    expect(whole.messages.map((m) => m.subject)).toEqual(['Budget meeting moved', 'Re: Budget meeting moved', 'Re: Budget meeting moved']);
    expect((await readConversation(pool, a, 'INBOX', whole.messages[0].uid)).messages.map((m) => m.uid)).toEqual(whole.messages.map((m) => m.uid));
    // A message alone is a conversation of one.
    const alone = page.messages.find((m) => m.conversation?.count === 1)!;
    expect((await readConversation(pool, a, 'INBOX', alone.uid)).messages.map((m) => m.uid)).toEqual([alone.uid]);
    await expect(readConversation(pool, a, 'INBOX', 999_999)).rejects.toMatchObject({ code: 'no-message' });
    // Another folder: its own conversations.
    expect((await listConversations(pool, a, folderPathIn(layout, 'Research'), 1)).total).toBe(SEARCH_CORPUS.filter((m) => m.folder === 'Research').length);
  });
});
