// The list's PREVIEW command (lib/imap/preview.ts) against a stand-in for imapflow's command runner: what is sent,
// and what a refusal or a broken connection does. The answers go through imapflow's own parser; the real server
// is covered in tests/integration/preview.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { compiler, parser } from 'imapflow/lib/handler/imap-handler.js';
import { log } from '@/lib/log.mjs';
import { fetchPreviews } from '@/lib/imap/preview';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';

type Handler = (untagged: ImapResponse) => Promise<void>;

/**
 * A client announcing `capabilities` whose exec() compiles the command as imapflow would, feeds `lines` (server
 * lines; a literal's text given apart) to the command's FETCH handler, then settles with `outcome`.
 */
function fakeClient(capabilities: string[], lines: Array<[string, string[]?]>, outcome: 'OK' | Error = 'OK') {
  const sent: string[] = [];
  let released = 0;
  const client = {
    capabilities: new Map(capabilities.map((c) => [c, true])),
    async exec(command: string, attributes: ImapCompileNode[], options: { untagged: { FETCH: Handler } }) {
      sent.push((await compiler({ tag: 'A1', command, attributes })).toString());
      for (const [line, literals = []] of lines) {
        await options.untagged.FETCH(await parser(Buffer.from(line), { literals: literals.map((l) => Buffer.from(l)) }));
      }
      if (outcome !== 'OK') throw outcome;
      return { next: () => void released++ };
    },
  };
  return { client: client as unknown as ImapFlow, sent, released: () => released };
}

function refusal(status: 'NO' | 'BAD', text: string): Error {
  return Object.assign(new Error('Command failed'), { responseStatus: status, responseText: text });
}

afterEach(() => vi.restoreAllMocks());

describe('fetchPreviews', () => {
  it('sends one FETCH of the set for UID and PREVIEW, by sequence number or by UID, and lets imapflow read on', async () => {
    const bySeq = fakeClient(['PREVIEW', 'PREVIEW=FUZZY'], [['* 71 FETCH (UID 71 PREVIEW "One.")'], ['* 72 FETCH (UID 72 PREVIEW {4}\r\n)', ['Два.']]]);
    expect(await fetchPreviews(bySeq.client, '71:72', false)).toEqual(
      new Map([
        [71, 'One.'],
        [72, 'Два.'],
      ]),
    );
    expect(bySeq.sent).toEqual(['A1 FETCH 71:72 (UID PREVIEW)']);
    expect(bySeq.released()).toBe(1);

    const byUid = fakeClient(['PREVIEW'], [['* 3 FETCH (UID 9 PREVIEW "Nine.")']]);
    expect(await fetchPreviews(byUid.client, '5,9', true)).toEqual(new Map([[9, 'Nine.']]));
    expect(byUid.sent).toEqual(['A1 UID FETCH 5,9 (UID PREVIEW)']);
  });

  it('skips answers without a preview: NIL, and flag changes the server sent unasked', async () => {
    const f = fakeClient(['PREVIEW'], [['* 1 FETCH (UID 1 PREVIEW NIL)'], ['* 9 FETCH (FLAGS (\\Seen) UID 40)'], ['* 2 FETCH (UID 2 PREVIEW "Two.")']]);
    expect(await fetchPreviews(f.client, '1:2', false)).toEqual(new Map([[2, 'Two.']]));
  });

  it('sends nothing to a server without the PREVIEW capability (PREVIEW=FUZZY alone is a draft)', async () => {
    for (const caps of [[], ['IMAP4rev1', 'PREVIEW=FUZZY', 'SNIPPET=FUZZY']]) {
      const f = fakeClient(caps, [['* 1 FETCH (UID 1 PREVIEW "x")']]);
      expect(await fetchPreviews(f.client, '1:50', false)).toEqual(new Map());
      expect(f.sent).toEqual([]);
    }
  });

  it('a server that answers NO or BAD: no previews beyond those already come, no error, one log line', async () => {
    for (const status of ['NO', 'BAD'] as const) {
      const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
      const f = fakeClient(['PREVIEW'], status === 'NO' ? [['* 1 FETCH (UID 1 PREVIEW "One.")']] : [], refusal(status, 'Error in IMAP command FETCH: Unknown parameter PREVIEW'));
      expect(await fetchPreviews(f.client, '1:2', false)).toEqual(status === 'NO' ? new Map([[1, 'One.']]) : new Map());
      expect(warn).toHaveBeenCalledTimes(1);
      expect(JSON.stringify(warn.mock.calls[0])).toContain(status);
      vi.restoreAllMocks();
    }
  });

  it('a connection that breaks during the command is an error, as for any command', async () => {
    const gone = Object.assign(new Error('Connection closed'), { code: 'EConnectionClosed' });
    const f = fakeClient(['PREVIEW'], [], gone);
    await expect(fetchPreviews(f.client, '1:2', false)).rejects.toBe(gone);
  });
});
