// The list rows' FETCH (lib/imap/rows.ts) against a stand-in for imapflow's command runner: what is sent, and what
// a refusal or a broken connection does. The answers go through imapflow's own parser and FETCH reader; the real
// server is covered in tests/integration/preview.test.ts and envelope.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { compiler, parser } from 'imapflow/lib/handler/imap-handler.js';
import { log } from '@/lib/log.mjs';
import { fetchRowItems } from '@/lib/imap/rows';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';

type Handler = (untagged: ImapResponse) => Promise<void>;
type Line = [string, string[]?];

/**
 * A client announcing `capabilities` whose exec() compiles each command as imapflow would, feeds the next of
 * `answers` (server lines; a literal's text given apart) to the command's FETCH handler, then settles with the
 * next of `outcomes` ('OK' unless given).
 */
function fakeClient(capabilities: string[], answers: Line[][], outcomes: Array<'OK' | Error> = []) {
  const sent: string[] = [];
  let released = 0;
  const client = {
    capabilities: new Map(capabilities.map((c) => [c, true])),
    mailbox: { path: 'INBOX', flags: new Set<string>(), uidNext: 1 },
    async exec(command: string, attributes: ImapCompileNode[], options: { untagged: { FETCH: Handler } }) {
      sent.push((await compiler({ tag: 'A1', command, attributes })).toString());
      for (const [line, literals = []] of answers.shift() ?? []) {
        await options.untagged.FETCH(await parser(Buffer.from(line), { literals: literals.map((l) => Buffer.from(l)) }));
      }
      const outcome = outcomes.shift() ?? 'OK';
      if (outcome !== 'OK') throw outcome;
      return { next: () => void released++ };
    },
  };
  return { client: client as unknown as ImapFlow, sent, released: () => released };
}

function refusal(status: 'NO' | 'BAD', text: string): Error {
  return Object.assign(new Error('Command failed'), { responseStatus: status, responseText: text });
}

const HEAD = 'Subject: One\r\n\r\n';
const FIELDS = ['date', 'from', 'subject'];
/** What a test reads back: UID, sequence number, flags, the header block, the preview. */
const seen = (rows: Awaited<ReturnType<typeof fetchRowItems>>) => rows.map((r) => [r.msg.uid, r.msg.seq, [...(r.msg.flags ?? [])], r.msg.headers?.toString(), r.preview]);

afterEach(() => vi.restoreAllMocks());

describe('fetchRowItems', () => {
  it('sends one FETCH of the set for the flags, the fields and PREVIEW, by sequence number or by UID, and lets imapflow read on', async () => {
    const bySeq = fakeClient(['PREVIEW', 'PREVIEW=FUZZY'], [
      [
        [`* 71 FETCH (UID 71 FLAGS (\\Seen) BODY[HEADER.FIELDS (DATE FROM SUBJECT)] {${HEAD.length}}\r\n PREVIEW "One.")`, [HEAD]],
        ['* 72 FETCH (UID 72 FLAGS () BODY[HEADER.FIELDS (DATE FROM SUBJECT)] "" PREVIEW {7}\r\n)', ['Два.']],
      ],
    ]);
    expect(seen(await fetchRowItems(bySeq.client, '71:72', false, FIELDS))).toEqual([
      [71, 71, ['\\Seen'], HEAD, 'One.'],
      [72, 72, [], '', 'Два.'],
    ]);
    expect(bySeq.sent).toEqual(['A1 FETCH 71:72 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)] PREVIEW)']);
    expect(bySeq.released()).toBe(1);

    const byUid = fakeClient(['PREVIEW'], [[['* 3 FETCH (UID 9 FLAGS () PREVIEW "Nine.")']]]);
    expect(seen(await fetchRowItems(byUid.client, '5,9', true, ['subject', 'content-type']))).toEqual([[9, 3, [], undefined, 'Nine.']]);
    expect(byUid.sent).toEqual(['A1 UID FETCH 5,9 (UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT CONTENT-TYPE)] PREVIEW)']);
  });

  it('keeps every answer, those the server sent unasked too (the caller picks), a NIL preview as none', async () => {
    const f = fakeClient(['PREVIEW'], [[['* 1 FETCH (UID 1 FLAGS () PREVIEW NIL)'], ['* 9 FETCH (FLAGS (\\Seen) UID 40)']]]);
    expect(seen(await fetchRowItems(f.client, '1', false, FIELDS))).toEqual([
      [1, 1, [], undefined, undefined],
      [40, 9, ['\\Seen'], undefined, undefined],
    ]);
  });

  it('asks no PREVIEW of a server without the capability (PREVIEW=FUZZY alone is a draft)', async () => {
    for (const caps of [[], ['IMAP4rev1', 'PREVIEW=FUZZY', 'SNIPPET=FUZZY']]) {
      const f = fakeClient(caps, [[['* 1 FETCH (UID 1 FLAGS ())']]]);
      expect(seen(await fetchRowItems(f.client, '1:50', false, FIELDS))).toEqual([[1, 1, [], undefined, undefined]]);
      expect(f.sent).toEqual(['A1 FETCH 1:50 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])']);
    }
  });

  it('a server that refuses PREVIEW (NO or BAD) is asked again without it: the rows without previews, one log line', async () => {
    for (const status of ['NO', 'BAD'] as const) {
      const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
      const f = fakeClient(['PREVIEW'], [[], [['* 1 FETCH (UID 1 FLAGS ())']]], [refusal(status, 'Error in IMAP command FETCH: Unknown parameter PREVIEW')]);
      expect(seen(await fetchRowItems(f.client, '1', false, FIELDS))).toEqual([[1, 1, [], undefined, undefined]]);
      expect(f.sent).toEqual(['A1 FETCH 1 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)] PREVIEW)', 'A1 FETCH 1 (UID FLAGS BODY.PEEK[HEADER.FIELDS (DATE FROM SUBJECT)])']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls[0])).toContain(status);
      vi.restoreAllMocks();
    }
  });

  it('a connection that breaks during the command is an error, as for any command; an empty set sends nothing', async () => {
    const gone = Object.assign(new Error('Connection closed'), { code: 'EConnectionClosed' });
    const f = fakeClient(['PREVIEW'], [], [gone]);
    await expect(fetchRowItems(f.client, '1:2', false, FIELDS)).rejects.toBe(gone);
    const none = fakeClient(['PREVIEW'], []);
    expect(await fetchRowItems(none.client, '', false, FIELDS)).toEqual([]);
    expect(none.sent).toEqual([]);
  });
});
