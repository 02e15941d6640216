// The list's row fetching, fed the shapes imapflow returns (a unit test: the IMAP side is covered against Dovecot).
import { describe, expect, it } from 'vitest';
import type { FetchMessageObject, FetchQueryObject } from 'imapflow';
import { parser } from 'imapflow/lib/handler/imap-handler.js';
import type { ImapResponse } from 'imapflow/lib/handler/types.js';
import { fetchSummaries } from '@/lib/imap/mail';

const TEXT = 'Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nFrom: A <a@example.org>\r\nSubject: Message\r\nContent-Type: text/plain\r\n\r\n';
const MIXED = 'Date: Thu, 01 Jan 2026 00:00:00 +0000\r\nFrom: A <a@example.org>\r\nSubject: Files\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n';
const UNDATED = 'From: A <a@example.org>\r\nSubject: When?\r\n\r\n';

/** A row's FETCH answer as the server sends it: `* seq FETCH (UID … FLAGS (…) BODY[HEADER.FIELDS (…)] {n} …)`. */
interface Answer {
  uid: number;
  seq: number;
  header?: string;
  flags?: string[];
}
function row(uid: number, seq: number, header = TEXT, flags = ['\\Seen']): Answer {
  return { uid, seq, header, flags };
}

const PDF = { type: 'multipart/mixed', childNodes: [{ part: '1', type: 'text/plain' }, { part: '2', type: 'application/pdf', disposition: 'attachment', dispositionParameters: { filename: 'a.pdf' } }] };

/**
 * A client in a folder whose FLAGS are `folderFlags`: the rows' FETCH (imapflow's command runner) answers `rows`
 * through imapflow's parser, then each fetchAll() call the next of `more`; the calls are recorded (range and items).
 */
function fakeClient(rows: Answer[], more: FetchMessageObject[][] = [], folderFlags: string[] = []) {
  const calls: Array<{ range: string; items: string[]; byUid: boolean }> = [];
  return {
    calls,
    client: {
      capabilities: new Map(),
      mailbox: { path: 'INBOX', flags: new Set(folderFlags), uidNext: 1 },
      async exec(command: string, attributes: Array<{ value?: string } | Array<{ value: string; section?: unknown[] }>>, options: { untagged: { FETCH: (u: ImapResponse) => Promise<void> } }) {
        const items = (attributes[1] as Array<{ value: string; section?: Array<{ value: string } | Array<{ value: string }>> }>).map((a) => (a.section ? `${a.value}[${(a.section[1] as Array<{ value: string }>).map((f) => f.value).join(' ')}]` : a.value));
        calls.push({ range: (attributes[0] as { value: string }).value, items, byUid: command === 'UID FETCH' });
        for (const r of rows) {
          const flags = `FLAGS (${(r.flags ?? []).join(' ')})`;
          const line = r.header === undefined ? `* ${r.seq} FETCH (UID ${r.uid} ${flags})` : `* ${r.seq} FETCH (UID ${r.uid} ${flags} BODY[HEADER.FIELDS (DATE)] {${Buffer.byteLength(r.header)}}\r\n)`;
          await options.untagged.FETCH(await parser(Buffer.from(line), { literals: r.header === undefined ? [] : [Buffer.from(r.header)] }));
        }
        return { next: () => undefined };
      },
      fetchAll: async (range: string, query: FetchQueryObject, opts: { uid?: boolean }) => {
        calls.push({ range, items: Object.keys(query).filter((k) => k !== 'uid'), byUid: opts.uid === true });
        return more.shift() ?? [];
      },
    } as never,
  };
}

const ALL_FIELDS = ['UID', 'FLAGS', 'BODY.PEEK[DATE FROM SUBJECT CONTENT-TYPE CONTENT-DISPOSITION]'];

describe('fetchSummaries', () => {
  it('asks for the flags and header fields only, and drops rows the server sent unasked (a flag change by another client)', async () => {
    const unasked = { seq: 1, uid: 40, header: undefined };
    const f = fakeClient([row(12, 3), unasked, row(11, 2), { ...unasked, seq: 2 }, row(10, 1)]);
    const rows = await fetchSummaries(f.client, [10, 11, 12], true);
    expect(rows.map((r) => [r.uid, r.subject, r.hasAttachment])).toEqual([
      [12, 'Message', false],
      [11, 'Message', false],
      [10, 'Message', false],
    ]);
    expect(f.calls).toEqual([{ range: '10:12', items: ALL_FIELDS, byUid: true }]);
  });

  it('asks BODYSTRUCTURE of the multipart rows only, INTERNALDATE of the undated only; a structure imapflow dropped costs the paperclip, not the row', async () => {
    const f = fakeClient([row(14, 5, MIXED), row(13, 4, UNDATED), row(12, 3, MIXED), row(11, 2), row(10, 1, MIXED)], [
      [{ uid: 14, seq: 5, bodyStructure: PDF } as unknown as FetchMessageObject, { uid: 10, seq: 1, bodyStructure: { type: 'multipart/mixed', childNodes: [{ part: '1', type: 'text/plain' }] } } as unknown as FetchMessageObject],
      [{ uid: 13, seq: 4, internalDate: new Date('2026-02-03T04:05:06Z') } as unknown as FetchMessageObject],
    ]);
    const rows = await fetchSummaries(f.client, [1, 2, 3, 4, 5], false);
    expect(rows.map((r) => [r.uid, r.hasAttachment, r.date])).toEqual([
      [14, true, '2026-01-01T00:00:00.000Z'],
      [13, false, '2026-02-03T04:05:06.000Z'],
      [12, null, '2026-01-01T00:00:00.000Z'],
      [11, false, '2026-01-01T00:00:00.000Z'],
      [10, false, '2026-01-01T00:00:00.000Z'],
    ]);
    expect(f.calls).toEqual([
      { range: '1:5', items: ALL_FIELDS, byUid: false },
      { range: '10,12,14', items: ['bodyStructure'], byUid: true },
      { range: '13', items: ['internalDate'], byUid: true },
    ]);
  });

  it('by sequence number, a row that comes twice is listed once', async () => {
    const f = fakeClient([row(5, 1), row(6, 2), row(6, 2)]);
    expect((await fetchSummaries(f.client, [1, 2], false)).map((r) => r.seq)).toEqual([2, 1]);
  });

  it('in a folder whose FLAGS list the attachment keywords, asks no type fields: the keywords give the paperclip, BODYSTRUCTURE only for a row without them', async () => {
    const f = fakeClient([row(3, 3, TEXT, ['$HasAttachment']), row(2, 2, TEXT, ['\\Seen', '$HasNoAttachment']), row(1, 1, TEXT, [])], [[{ uid: 1, seq: 1, bodyStructure: PDF } as unknown as FetchMessageObject]], ['\\Seen', '$HasAttachment', '$HasNoAttachment']);
    const rows = await fetchSummaries(f.client, [1, 2, 3], false);
    expect(rows.map((r) => [r.uid, r.hasAttachment])).toEqual([
      [3, true],
      [2, false],
      [1, true],
    ]);
    expect(f.calls).toEqual([
      { range: '1:3', items: ['UID', 'FLAGS', 'BODY.PEEK[DATE FROM SUBJECT]'], byUid: false },
      { range: '1', items: ['bodyStructure'], byUid: true },
    ]);
  });
});
