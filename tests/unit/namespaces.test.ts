import { describe, expect, it } from 'vitest';
import type { ListResponse } from 'imapflow';
import { buildFolderSections, folderLabel, namespaceOf, subscribedOnly } from '@/lib/imap/translate';
import { dueForStatus, type CountCache } from '@/lib/imap/folder-counts';
import type { Namespaces } from '@/lib/imap/types';

/** A LIST entry as imapflow gives it once Feather stopped it prefixing paths (its parent fields use the delimiter). */
function entry(path: string, delimiter: string, extra: Partial<ListResponse> = {}): ListResponse {
  const parts = path.split(delimiter);
  return {
    path,
    pathAsListed: path,
    name: parts[parts.length - 1],
    delimiter,
    parent: parts.slice(0, -1),
    parentPath: parts.slice(0, -1).join(delimiter),
    flags: new Set<string>(),
    listed: true,
    subscribed: true,
    ...extra,
  } as ListResponse;
}

const COURIER: Namespaces = { personal: [{ prefix: 'INBOX.', delimiter: '.' }], other: [{ prefix: 'user.', delimiter: '.' }], shared: [{ prefix: 'Public.', delimiter: '.' }] };
const DOVECOT: Namespaces = { personal: [{ prefix: '', delimiter: '/' }], other: [], shared: [] };

describe('namespaceOf and folderLabel', () => {
  it('place a path in the namespace with the longest matching prefix; INBOX is always the user’s own', () => {
    expect(namespaceOf('INBOX', COURIER).kind).toBe('personal');
    expect(namespaceOf('INBOX.Sent', COURIER)).toMatchObject({ kind: 'personal', prefix: 'INBOX.' });
    expect(namespaceOf('user.bob.Team', COURIER)).toMatchObject({ kind: 'other', prefix: 'user.' });
    expect(namespaceOf('Public.announcements', COURIER)).toMatchObject({ kind: 'shared', prefix: 'Public.' });
    expect(namespaceOf('Public', COURIER).kind).toBe('shared');
    expect(namespaceOf('Publicity', COURIER).kind).toBe('personal');
    expect(namespaceOf('Projects/Feather', DOVECOT)).toMatchObject({ kind: 'personal', prefix: '' });
  });

  it('name a folder for people without the namespace prefix', () => {
    expect(folderLabel('INBOX', COURIER)).toBe('Inbox');
    expect(folderLabel('INBOX.Projects.Feather', COURIER)).toBe('Projects / Feather');
    expect(folderLabel('user.bob.Team', COURIER)).toBe('bob / Team');
    expect(folderLabel('Public.announcements', COURIER)).toBe('announcements');
    expect(folderLabel('Projects/Feather', DOVECOT)).toBe('Projects / Feather');
    expect(folderLabel('inbox')).toBe('Inbox');
  });
});

describe('buildFolderSections', () => {
  const list = [
    entry('INBOX', '.', { flags: new Set(['\\HasChildren']), specialUse: '\\Inbox' }),
    entry('INBOX.Sent', '.', { specialUse: '\\Sent' }),
    entry('INBOX.Trash', '.', { specialUse: '\\Trash' }),
    entry('INBOX.Projects', '.'),
    entry('INBOX.Projects.Feather', '.'),
    entry('INBOX.Lists.News', '.'),
    entry('Public', '.', { flags: new Set(['\\Noselect']) }),
    entry('Public.announcements', '.'),
    entry('user', '.', { flags: new Set(['\\Noselect']) }),
    entry('user.bob', '.', { flags: new Set(['\\Noselect']) }),
    entry('user.bob.Team', '.'),
    // A shared "Sent" is somebody else's: never the user's own Sent.
    entry('user.bob.Sent', '.', { flags: new Set(['\\Sent']) }),
  ];
  const sections = buildFolderSections(list, COURIER);

  it('draws the user’s own folders without the "INBOX." parent: Sent and Trash beside Inbox', () => {
    const own = sections[0];
    expect(own.kind).toBe('personal');
    expect(own.folders.map((f) => [f.displayName, f.path])).toEqual([
      ['Inbox', 'INBOX'],
      ['Sent', 'INBOX.Sent'],
      ['Trash', 'INBOX.Trash'],
      ['Lists', 'INBOX.Lists'],
      ['Projects', 'INBOX.Projects'],
    ]);
    expect(own.folders[0].children).toEqual([]);
    expect(own.folders[3]).toMatchObject({ selectable: false, children: [{ displayName: 'News', path: 'INBOX.Lists.News' }] });
    expect(own.folders[4].children.map((c) => c.path)).toEqual(['INBOX.Projects.Feather']);
  });

  it('gives other users’ and shared folders sections of their own, without their bare roots', () => {
    expect(sections.map((s) => [s.kind, s.prefix])).toEqual([
      ['personal', 'INBOX.'],
      ['other', 'user.'],
      ['shared', 'Public.'],
    ]);
    const other = sections[1].folders;
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ displayName: 'bob', path: 'user.bob', selectable: false });
    expect(other[0].children.map((c) => [c.displayName, c.specialUse])).toEqual([
      ['Sent', undefined],
      ['Team', undefined],
    ]);
    expect(sections[2].folders.map((f) => [f.displayName, f.path, f.selectable])).toEqual([['announcements', 'Public.announcements', true]]);
  });

  it('takes special-use flags in any case (Cyrus sends \\sent)', () => {
    const cyrus = buildFolderSections([entry('INBOX', '.'), entry('INBOX.Sent Items', '.', { flags: new Set(['\\HasNoChildren', '\\sent']) }), entry('INBOX.Bin', '.', { flags: new Set(['\\TRASH']) })], COURIER);
    expect(cyrus[0].folders.map((f) => [f.displayName, f.specialUse])).toEqual([
      ['Inbox', 'inbox'],
      ['Sent', 'sent'],
      ['Trash', 'trash'],
    ]);
  });

  it('leaves out namespaces with no folders, and is the plain tree on a server with one namespace', () => {
    const plain = buildFolderSections([entry('INBOX', '/'), entry('Sent', '/', { specialUse: '\\Sent' }), entry('Projects/Feather', '/')], { ...DOVECOT, shared: [{ prefix: 'Public/', delimiter: '/' }] });
    expect(plain.map((s) => s.kind)).toEqual(['personal']);
    expect(plain[0].folders.map((f) => f.displayName)).toEqual(['Inbox', 'Sent', 'Projects']);
    expect(plain[0].folders[2]).toMatchObject({ selectable: false, children: [{ path: 'Projects/Feather' }] });
  });
});

describe('dueForStatus', () => {
  const paths = ['INBOX', 'A', 'B', 'C', 'D'];
  const now = 1_000_000;
  const cache = (entries: Record<string, number>): CountCache => new Map(Object.entries(entries).map(([p, at]) => [p, { unseen: 0, total: 0, at }]));

  it('asks the shown folder first and always, then the never-asked, then the stalest; fresh counts are not asked', () => {
    expect(dueForStatus(paths, cache({}), now, { shown: 'C', limit: 3 })).toEqual(['C', 'INBOX', 'A']);
    const c = cache({ INBOX: now - 1000, A: now - 90_000, B: now - 70_000, C: now - 10, D: now - 5000 });
    expect(dueForStatus(paths, c, now, { shown: 'C', limit: 10, freshMs: 60_000 })).toEqual(['C', 'A', 'B']);
    expect(dueForStatus(paths, c, now, { limit: 10, freshMs: 60_000 })).toEqual(['A', 'B']);
    expect(dueForStatus(paths, c, now, { shown: 'not listed', limit: 10, freshMs: 60_000 })).toEqual(['A', 'B']);
  });

  it('never asks more than the limit', () => {
    expect(dueForStatus(paths, cache({}), now, { limit: 2 })).toHaveLength(2);
  });
});

describe('subscribedOnly', () => {
  const paths = (nodes: ReturnType<typeof buildFolderSections>[number]['folders']): string[] => nodes.flatMap((n) => [n.path, ...paths(n.children)]);
  const list = [
    entry('INBOX', '/', { subscribed: false }),
    entry('Trash', '/', { flags: new Set(['\\Trash']) }),
    entry('Quiet', '/', { subscribed: false }),
    entry('Lists', '/', { subscribed: false }),
    entry('Lists/News', '/'),
    entry('Old', '/', { subscribed: false }),
    entry('Old/Deep', '/', { subscribed: false }),
  ];

  it('keeps subscribed folders, Inbox, the shown folder, and the parents of subscribed ones', () => {
    const sections = buildFolderSections(list, DOVECOT);
    expect(paths(subscribedOnly(sections)[0].folders)).toEqual(['INBOX', 'Trash', 'Lists', 'Lists/News']);
    expect(paths(subscribedOnly(sections, 'Old/Deep')[0].folders)).toEqual(['INBOX', 'Trash', 'Lists', 'Lists/News', 'Old', 'Old/Deep']);
    // The full tree is left as it was.
    expect(paths(sections[0].folders)).toHaveLength(7);
  });

  it('shows a namespace whole when nothing in it is subscribed (a server that keeps no subscriptions there)', () => {
    const shared = [entry('INBOX', '.'), entry('INBOX.Projects', '.'), entry('Public.announcements', '.', { subscribed: false }), entry('user.bob.Team', '.', { subscribed: false })];
    const sections = subscribedOnly(buildFolderSections(shared, COURIER));
    expect(sections.map((s) => [s.kind, paths(s.folders)])).toEqual([
      ['personal', ['INBOX', 'INBOX.Projects']],
      ['other', ['user.bob', 'user.bob.Team']],
      ['shared', ['Public.announcements']],
    ]);
    const none = buildFolderSections([entry('INBOX', '/', { subscribed: false }), entry('A', '/', { subscribed: false })], DOVECOT);
    expect(paths(subscribedOnly(none)[0].folders)).toEqual(['INBOX', 'A']);
  });
});
