// Pure decisions of lib/imap/manage.ts and the status lines of lib/mail/manage.ts.
import { describe, expect, it } from 'vitest';
import { acceptsLabel } from '@/lib/imap/manage';
import { labelParam, statusParam, withStatus } from '@/lib/urls';

describe('labels', () => {
  it('a folder keeps a new label only when its PERMANENTFLAGS allow new keywords (\\*) or list it already', () => {
    const fixed = new Set(['\\Seen', '\\Flagged', 'Work']);
    expect(acceptsLabel(fixed, 'Personal')).toBe(false);
    expect(acceptsLabel(fixed, 'work')).toBe(true);
    expect(acceptsLabel(new Set(['\\Seen', '\\*']), 'Personal')).toBe(true);
    // No PERMANENTFLAGS in the SELECT answer: RFC 3501 allows all flags to be kept.
    expect(acceptsLabel(undefined, 'Personal')).toBe(true);
  });

  it('a label typed by the user becomes a keyword, or is refused', () => {
    expect(labelParam('  project x ')).toBe('project_x');
    expect(labelParam('a.b-c_1')).toBe('a.b-c_1');
    for (const bad of ['', '   ', 'a(b', 'Grüße', '\\Seen', 'x'.repeat(41), 'a*', 'a"b']) expect(labelParam(bad), bad).toBeUndefined();
  });
});

describe('status lines in the URL', () => {
  it('go and come back whole, undo included, and replace an earlier status', () => {
    const url = withStatus('/mail?folder=INBOX&done=read&n=9', { done: 'delete', n: 2, to: 'Trash', undo: { folder: 'Trash', uidValidity: '17', uids: '5:6', to: 'INBOX' } });
    const sp = Object.fromEntries(new URL(url, 'http://x').searchParams);
    expect(sp.folder).toBe('INBOX');
    expect(statusParam(sp)).toEqual({ done: 'delete', n: 2, to: 'Trash', missing: undefined, failed: undefined, undo: { folder: 'Trash', uidValidity: '17', uids: '5:6', to: 'INBOX' } });
  });

  it('drop what is malformed: an unknown action, a bad code, an undo without its UIDs', () => {
    expect(statusParam({ done: 'explode' })).toBeUndefined();
    expect(statusParam({ failed: '<script>' })).toBeUndefined();
    expect(statusParam({ done: 'move', n: '1', undo: 'Trash', undouv: '17', undoto: 'INBOX' })?.undo).toBeUndefined();
    expect(statusParam({ done: 'move', n: '1', undo: 'Trash', undouv: '17', undouids: '1:2;DROP', undoto: 'INBOX' })?.undo).toBeUndefined();
  });
});

describe('status words', () => {
  it('say what was done to folders and uploads, and what a refusal was', async () => {
    const { actionStatusText } = await import('@/lib/mail/manage');
    expect(actionStatusText({ done: 'create', to: 'Проекты' })).toEqual({ kind: 'done', text: 'Created the folder “Проекты”.' });
    expect(actionStatusText({ done: 'delete-folder', to: 'Old', n: 3 }).text).toBe('Deleted the folder “Old” and the 3 messages in it.');
    expect(actionStatusText({ done: 'delete-folder', to: 'Old', n: 0 }).text).toBe('Deleted the folder “Old”.');
    expect(actionStatusText({ done: 'move-mark', to: 'Archive', n: 2 }).text).toMatch(/^Copied 2 messages to Archive\. Here they are marked as deleted/);
    expect(actionStatusText({ failed: 'folder-name-delimiter', to: '.' })).toEqual({ kind: 'error', text: expect.stringMatching(/On this server that is “\.”\.$/) });
    expect(actionStatusText({ done: 'upload', n: 1, to: 'Inbox', failed: 'over-quota' })).toEqual({ kind: 'error', text: expect.stringMatching(/^Uploaded 1 message to Inbox; the rest was not: Your mailbox is full/) });
  });
});
