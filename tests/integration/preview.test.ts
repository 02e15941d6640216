// The list rows' preview (IMAP PREVIEW, RFC 8970) and marks, against the private Dovecots through the
// byte-counting proxy: the plain one announces PREVIEW, the courier-like one does not (though, being Dovecot, it
// would answer it: a preview command sent there would show).
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { log } from '@/lib/log.mjs';
import type { ConnectionPool } from '@/lib/imap/pool';
import { listMessages, searchMessages } from '@/lib/imap/mail';
import { PREVIEW_MAX_CHARS } from '@/lib/imap/translate';
import type { MessageSummary } from '@/lib/imap/types';
import { startCountingProxy, type CountingProxy } from '../../rig/imap-proxy';
import { BODY_SECTION, DEEP_NESTING_TEXT, FIXTURE_INBOX_COUNT, FIXTURE_PLAIN_COUNT, PAGE_SIZE, ROW_FETCH, SPECIAL } from '../helpers/fixtures';
import { imapSessions, otherClient } from '../helpers/imap-sessions';

const sessions = imapSessions('preview');
const makePool = (port: number) => sessions.makePool(port);
const signedIn = (pool: ConnectionPool) => sessions.signedIn(pool);

/** The decoded text/plain part 1 of each UID, as one line (a preview is one line). */
async function textsOf(port: number, folder: string, uids: number[]): Promise<Map<number, string>> {
  const c = await otherClient(port);
  const texts = new Map<number, string>();
  try {
    const lock = await c.getMailboxLock(folder, { readOnly: true });
    try {
      for (const uid of uids) {
        const { content } = await c.download(String(uid), '1', { uid: true });
        if (!content) throw new Error(`no part 1 in ${folder} ${uid}`);
        const chunks: Buffer[] = [];
        for await (const chunk of content) chunks.push(chunk as Buffer);
        texts.set(uid, Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim());
      }
    } finally {
      lock.release();
    }
  } finally {
    await c.logout();
  }
  return texts;
}

const previewCommands = (p: CountingProxy) => p.stats().commands.filter((c) => /PREVIEW|SNIPPET/.test(c));
/** The rows' one FETCH with PREVIEW beside their flags and header fields (lib/imap/rows.ts). */
const rowsWithPreview = (set: string, byUid = false) => `${byUid ? 'UID ' : ''}FETCH ${set} (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT CONTENT-TYPE CONTENT-DISPOSITION)] PREVIEW)`;
const bySubject = (rows: MessageSummary[], subject: string) => rows.find((m) => m.subject === subject)!;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('on a server with PREVIEW (Dovecot)', () => {
  let proxy: CountingProxy;
  const port = () => inject('imapPort');
  beforeAll(async () => {
    proxy = await startCountingProxy({ host: '127.0.0.1', port: port() });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('gives every row of a page the start of its text, asked in the rows\' own FETCH (PREVIEW), no body section', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    proxy.reset();
    const page = await listMessages(pool, a, 'INBOX', 1);
    expect(page.messages).toHaveLength(PAGE_SIZE);
    const commands = proxy.stats().commands;
    const from = FIXTURE_INBOX_COUNT - PAGE_SIZE + 1;
    expect(previewCommands(proxy)).toEqual([rowsWithPreview(`${from}:${FIXTURE_INBOX_COUNT}`)]);
    expect(commands.filter((c) => BODY_SECTION.test(c)), commands.join(' | ')).toEqual([]);

    // Every row has one; the plain fixtures and the specials whose first part is their text: the start of it.
    for (const m of page.messages) expect(m.preview, `${m.uid} ${m.subject}`).toMatch(/\S/);
    const plain = page.messages.filter((m) => m.seq <= FIXTURE_PLAIN_COUNT);
    const texts = [SPECIAL.largeAttachment, SPECIAL.nonAscii, SPECIAL.legacyCharset, SPECIAL.legacyKoi8r, SPECIAL.hugeText].map((s) => bySubject(page.messages, s));
    const real = await textsOf(port(), 'INBOX', [...plain, ...texts].map((m) => m.uid));
    for (const m of [...plain, ...texts]) {
      expect(m.preview!.length, `${m.uid} ${m.subject}`).toBeGreaterThan(20);
      expect(real.get(m.uid)!.startsWith(m.preview!), `${m.uid} ${m.subject}: "${m.preview}" is not the start of "${real.get(m.uid)!.slice(0, 300)}"`).toBe(true);
    }
    expect(bySubject(page.messages, SPECIAL.nonAscii).preview).toMatch(/^Hej! Привет! 你好!/);
    // Dovecot cuts the 200 KB text itself; it stays within the cap, on one line.
    const huge = bySubject(page.messages, SPECIAL.hugeText).preview!;
    expect([...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(huge)].length).toBeLessThanOrEqual(PREVIEW_MAX_CHARS);
    expect(huge).not.toMatch(/[\r\n\t]/);
  });

  it('a row whose structure imapflow cannot parse (too deep) has its preview, from the one FETCH', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    proxy.reset();
    const page = await listMessages(pool, a, 'INBOX', 1);
    expect(bySubject(page.messages, SPECIAL.deepNesting)).toMatchObject({ hasAttachment: null, preview: DEEP_NESTING_TEXT });
    expect(previewCommands(proxy)).toHaveLength(1);
  });

  it('search results have previews: in the one UID FETCH of exactly the UIDs of the page', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    await listMessages(pool, a, 'INBOX', 1);
    proxy.reset();
    // The flagged fixtures: every tenth (rig/seed-data.ts fixtureFlags).
    const found = await searchMessages(pool, a, 'INBOX', { text: 'Fixture message', body: false, flagged: true }, 1);
    expect(found.messages).toHaveLength(10);
    for (const m of found.messages) expect(m.preview).toMatch(new RegExp(`^This is fixture message number ${Number(m.subject.slice(-3))}\\. It was sent by \\S`));
    const rowFetch = proxy.stats().commands.find((c) => ROW_FETCH.test(c))!;
    expect(previewCommands(proxy)).toEqual([rowsWithPreview(ROW_FETCH.exec(rowFetch)![2], true)]);
    expect(proxy.stats().commands.filter((c) => BODY_SECTION.test(c))).toEqual([]);
  });

  it('every page asks its rows once, PREVIEW among them, and an empty folder or search not at all', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    proxy.reset();
    for (const p of [1, 2, 3]) await listMessages(pool, a, 'INBOX', p);
    expect(previewCommands(proxy)).toEqual([rowsWithPreview('71:120'), rowsWithPreview('21:70'), rowsWithPreview('1:20')]);
    proxy.reset();
    expect((await listMessages(pool, a, 'Empty', 1)).messages).toEqual([]);
    expect((await searchMessages(pool, a, 'INBOX', { text: 'no such words anywhere', body: false }, 1)).messages).toEqual([]);
    expect(previewCommands(proxy)).toEqual([]);
  });

  it('marks a message forwarded by its $Forwarded keyword', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    const before = await listMessages(pool, a, 'Café', 1);
    expect(before.messages.map((m) => m.forwarded)).toEqual([false, false]);
    const uid = before.messages[1].uid;
    const other = await otherClient(port());
    try {
      const lock = await other.getMailboxLock('Café');
      try {
        await other.messageFlagsAdd(String(uid), ['$Forwarded'], { uid: true });
        const after = await listMessages(pool, a, 'Café', 1);
        expect(after.messages.map((m) => [m.uid, m.forwarded])).toEqual([
          [before.messages[0].uid, false],
          [uid, true],
        ]);
      } finally {
        await other.messageFlagsRemove(String(uid), ['$Forwarded'], { uid: true });
        lock.release();
      }
    } finally {
      await other.logout();
    }
  });
});

/**
 * A proxy that spells the preview item wrong on its way to Dovecot (`PREVIEX`, the same length), so the real
 * server refuses the command with BAD, as a server announcing PREVIEW but not taking it would.
 */
async function startMisspellingProxy(target: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => upstream.write(Buffer.from(chunk.toString('latin1').replace(/\] PREVIEW\)/g, '] PREVIEX)'), 'latin1')));
    upstream.pipe(client);
    for (const s of [client, upstream]) s.on('error', () => undefined).on('close', () => (client.destroy(), upstream.destroy()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

describe('on a server that refuses the preview command', () => {
  it('lists the rows without preview, does not fail, and logs one line', async () => {
    const misspelling = await startMisspellingProxy(inject('imapPort'));
    try {
      const pool = makePool(misspelling.port);
      const a = await signedIn(pool);
      const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
      const page = await listMessages(pool, a, 'INBOX', 1);
      expect(page.messages).toHaveLength(PAGE_SIZE);
      expect(page.messages.filter((m) => m.preview !== undefined)).toEqual([]);
      expect(page.messages.some((m) => m.subject === SPECIAL.largeAttachment)).toBe(true);
      const lines = warn.mock.calls.filter((c) => JSON.stringify(c).includes('PREVIEW'));
      expect(lines).toHaveLength(1);
      expect(JSON.stringify(lines[0])).toContain('BAD');
      // The connection is fine: the next page comes too.
      expect((await listMessages(pool, a, 'INBOX', 2)).messages).toHaveLength(PAGE_SIZE);
    } finally {
      await misspelling.close();
    }
  });
});

describe('on a server without PREVIEW (courier-like)', () => {
  let proxy: CountingProxy;
  beforeAll(async () => {
    proxy = await startCountingProxy({ host: '127.0.0.1', port: inject('courierImapPort') });
  });
  afterAll(async () => {
    await proxy.close();
  });

  it('sends no preview command, for a folder page or a search, and the rows have no preview', async () => {
    const pool = makePool(proxy.port);
    const a = await signedIn(pool);
    proxy.reset();
    const page = await listMessages(pool, a, 'INBOX', 1);
    const found = await searchMessages(pool, a, 'INBOX', { text: 'Fixture message 01', body: false }, 1);
    expect(page.messages).toHaveLength(PAGE_SIZE);
    expect(found.messages).toHaveLength(10);
    expect(previewCommands(proxy)).toEqual([]);
    expect([...page.messages, ...found.messages].filter((m) => m.preview !== undefined)).toEqual([]);
    expect(proxy.stats().commands.filter((c) => BODY_SECTION.test(c))).toEqual([]);
  });
});
