// The list's row fetching, fed the shapes imapflow returns (a unit test: the IMAP side is covered against Dovecot).
import { describe, expect, it } from 'vitest';
import type { FetchMessageObject, FetchQueryObject } from 'imapflow';
import { fetchSummaries } from '@/lib/imap/mail';

function row(uid: number, seq: number, withStructure = true): FetchMessageObject {
  return {
    uid,
    seq,
    flags: new Set(['\\Seen']),
    envelope: { subject: `Message ${uid}`, from: [{ name: 'A', address: 'a@example.org' }] },
    size: 100,
    ...(withStructure ? { bodyStructure: { type: 'text/plain', part: '1' } } : {}),
  } as FetchMessageObject;
}

/** What imapflow's fetchAll gives back for each call, in order; the calls are recorded. */
function fakeClient(answers: FetchMessageObject[][]) {
  const calls: Array<{ range: string; structure: boolean }> = [];
  return {
    calls,
    client: {
      fetchAll: async (range: string, query: FetchQueryObject) => {
        calls.push({ range, structure: Boolean(query.bodyStructure) });
        return answers.shift() ?? [];
      },
    } as never,
  };
}

describe('fetchSummaries', () => {
  it('drops rows the server sent unasked (a flag change by another client: no envelope) and keeps the asked ones', async () => {
    const unasked = { seq: 1, uid: 0, flags: new Set(['\\Seen']) } as unknown as FetchMessageObject;
    const f = fakeClient([[row(12, 3), unasked, row(11, 2), { ...unasked, seq: 2 } as FetchMessageObject, row(10, 1)]]);
    const rows = await fetchSummaries(f.client, [10, 11, 12], true);
    expect(rows.map((r) => r.uid)).toEqual([12, 11, 10]);
    expect(f.calls).toEqual([{ range: '10:12', structure: true }]);
  });

  it('fetches again, without BODYSTRUCTURE, a row imapflow dropped, even when unasked rows made the count look full', async () => {
    const unasked = { seq: 7, flags: new Set<string>() } as unknown as FetchMessageObject;
    const f = fakeClient([[row(12, 3), unasked, row(10, 1)], [row(11, 2, false)]]);
    const rows = await fetchSummaries(f.client, [10, 11, 12], true);
    expect(rows.map((r) => [r.uid, r.hasAttachment])).toEqual([
      [12, false],
      [11, null],
      [10, false],
    ]);
    expect(f.calls).toEqual([
      { range: '10:12', structure: true },
      { range: '11', structure: false },
    ]);
  });

  it('by sequence number, a row that comes twice is listed once', async () => {
    const f = fakeClient([[row(5, 1), row(6, 2), row(6, 2)]]);
    expect((await fetchSummaries(f.client, [1, 2], false)).map((r) => r.seq)).toEqual([2, 1]);
  });
});
