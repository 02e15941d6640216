import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SEARCH_CHARS, folderUrl, intParam, listContextParam, mailboxParams, messageParams, messageParamsUrl, messageUrl, partParams, partUrl, safeReturnPath, searchParam, sectionParam, signInUrl, uidValidityParam } from '@/lib/urls';

describe('URLs', () => {
  it('carry the folder and page, or the folder and UID, and survive odd folder names', () => {
    expect(folderUrl('INBOX')).toBe('/mail?folder=INBOX');
    expect(folderUrl('Projects/Feather', 3)).toBe('/mail?folder=Projects%2FFeather&page=3');
    const u = new URL('http://x' + messageUrl('Café & Co?#', 42, { headers: true }));
    expect(u.pathname).toBe('/mail/read');
    expect(u.searchParams.get('folder')).toBe('Café & Co?#');
    expect(u.searchParams.get('uid')).toBe('42');
    expect(u.searchParams.get('headers')).toBe('all');
    expect(new URL('http://x' + partUrl('INBOX', 7, '2.1', { inline: true })).searchParams.get('part')).toBe('2.1');
  });

  it('carry the folder\'s UIDVALIDITY in message and part links, and accept only a 32-bit number there', () => {
    const msg = new URL('http://x' + messageUrl('INBOX', 7, { uidValidity: '1700000000' }));
    expect(uidValidityParam(msg.searchParams.get('uidvalidity'))).toBe('1700000000');
    expect(new URL('http://x' + partUrl('INBOX', 7, '2', { uidValidity: '42' })).searchParams.get('uidvalidity')).toBe('42');
    expect(messageUrl('INBOX', 7)).toBe('/mail/read?folder=INBOX&uid=7');
    for (const bad of [undefined, null, '', '0', '-1', '4294967296', '1e9', '12ab', '007']) expect(uidValidityParam(bad)).toBeUndefined();
    expect(uidValidityParam('4294967295')).toBe('4294967295');
  });

  it('accept only plain positive integers as numbers', () => {
    expect(intParam('12')).toBe(12);
    expect(intParam(['3', '4'])).toBe(3);
    for (const bad of [undefined, '', '0', '-1', '1e3', '12abc', '99999999999']) expect(intParam(bad)).toBeUndefined();
  });
});

describe('search URLs', () => {
  it('carry the words, the scope and the page, and round-trip through the message URL', () => {
    const search = { text: 'Grüße & "Köln"?', body: true };
    const list = new URL('http://x' + folderUrl('INBOX', 2, search));
    expect(list.pathname).toBe('/mail');
    expect(searchParam(Object.fromEntries(list.searchParams))).toEqual(search);
    const msg = new URL('http://x' + messageUrl('INBOX', 7, { list: { page: 2, search } }));
    expect(listContextParam(Object.fromEntries(msg.searchParams))).toEqual({ page: 2, search });
    expect(folderUrl('INBOX', 1, { text: 'x', body: false })).toBe('/mail?folder=INBOX&q=x');
  });

  it('treat blank words as no search; clean, squeeze and bound what is typed', () => {
    for (const q of [undefined, '', '   ', '\r\n\t']) expect(searchParam({ q })).toBeUndefined();
    expect(searchParam({ q: '  budget \r\n notes ' })).toEqual({ text: 'budget notes', body: false });
    expect(searchParam({ q: 'a'.repeat(5000) })!.text).toHaveLength(MAX_SEARCH_CHARS);
    expect(searchParam({ q: 'a'.repeat(MAX_SEARCH_CHARS - 1) + '😀😀' })!.text).toBe('a'.repeat(MAX_SEARCH_CHARS - 1) + '😀');
    expect(searchParam({ q: ['first', 'second'], body: 'yes' })).toEqual({ text: 'first', body: false });
  });
});

describe('safeReturnPath', () => {
  it('keeps paths of this site', () => {
    expect(safeReturnPath('/mail?folder=Projects&page=2')).toBe('/mail?folder=Projects&page=2');
  });
  it('refuses other sites and tricks, and loops back to sign-in', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', '\\\\evil', 'mail', '/login?next=/mail', '/logout', '/mail\r\nSet-Cookie: x', null, undefined, '']) {
      expect(safeReturnPath(bad)).toBe('/mail');
    }
  });
});

describe('the sign-in URL, built in one place', () => {
  it('carries where to go back to (made safe), the reason, or the signed-out notice', () => {
    expect(signInUrl()).toBe('/login');
    expect(signInUrl({ next: '/mail?folder=Projects&page=2' })).toBe('/login?next=%2Fmail%3Ffolder%3DProjects%26page%3D2');
    expect(signInUrl({ next: '/mail/read?folder=INBOX&uid=7', error: 'expired' })).toBe('/login?error=expired&next=%2Fmail%2Fread%3Ffolder%3DINBOX%26uid%3D7');
    expect(signInUrl({ next: 'https://evil.example/' })).toBe('/login?next=%2Fmail');
    expect(signInUrl({ next: '/logout' })).toBe('/login?next=%2Fmail');
    expect(signInUrl({ signedOut: true })).toBe('/login?signedout=1');
  });
});

describe('reading page parameters', () => {
  it('a folder page: INBOX, page 1 and no search unless asked, any spelling of INBOX', () => {
    expect(mailboxParams({})).toEqual({ folder: 'INBOX', page: 1, search: undefined, order: { key: 'arrival', descending: true } });
    expect(mailboxParams({ folder: 'inbox', page: '3', q: ' köln ', body: '1' })).toEqual({ folder: 'INBOX', page: 3, search: { text: 'köln', body: true }, order: { key: 'arrival', descending: true } });
    expect(mailboxParams({ folder: 'Projects', page: '-2' }).page).toBe(1);
  });

  it('a message page, and the URL it came from, with one change at a time', () => {
    const m = messageParams({ folder: 'Projects', uid: '12', uidvalidity: '99', headers: 'all', page: '2' });
    expect(m).toMatchObject({ folder: 'Projects', uid: 12, uidValidity: '99', headers: true, images: false, full: false, list: { page: 2 } });
    const back = new URL('http://x' + messageParamsUrl(m, { headers: false, full: true }));
    expect(Object.fromEntries(back.searchParams)).toEqual({ folder: 'Projects', uid: '12', uidvalidity: '99', page: '2', full: '1' });
    expect(messageParamsUrl(messageParams({ folder: 'Projects', uid: 'x', page: '2' }))).toBe('/mail?folder=Projects&page=2');
  });

  it('a message in the reading pane: /mail with the UID, its links staying in the pane', () => {
    expect(messageUrl('INBOX', 7, { pane: true, uidValidity: '5', list: { page: 2 } })).toBe('/mail?folder=INBOX&uid=7&uidvalidity=5&page=2');
    expect(messageUrl('INBOX', 7, { pane: false })).toBe('/mail/read?folder=INBOX&uid=7');
    const m = messageParams({ folder: 'INBOX', uid: '7', page: '2' }, { pane: true });
    expect(m.pane).toBe(true);
    expect(messageParamsUrl(m, { headers: true })).toBe('/mail?folder=INBOX&uid=7&page=2&headers=all');
    // The same parameters read as a page of its own stay there.
    expect(messageParamsUrl(messageParams({ folder: 'INBOX', uid: '7' }), { images: true })).toBe('/mail/read?folder=INBOX&uid=7&images=show');
    // Without a UID the pane is closed: the list's own URL.
    expect(messageParamsUrl(messageParams({ folder: 'INBOX', page: '2' }, { pane: true }))).toBe('/mail?folder=INBOX&page=2');
  });

  it('a part link: section numbers checked by the one validator', () => {
    const q = (s: string) => partParams(new URL('http://x/mail/part?' + s).searchParams);
    expect(q('folder=INBOX&uid=7&part=2.1&inline=1&uidvalidity=5')).toEqual({ folder: 'INBOX', uid: 7, section: '2.1', uidValidity: '5', inline: true });
    for (const bad of ['0', '1.0', '01', '1..2', '1.', 'TEXT', '1.2a', Array(101).fill('1').join('.')]) expect(q(`folder=INBOX&uid=7&part=${bad}`).section, bad).toBeUndefined();
    expect(sectionParam(Array(100).fill('1').join('.'))).toBeDefined();
    expect(q('uid=7&part=1')).toMatchObject({ folder: undefined, inline: false });
  });
});

describe('under a base path (FEATHER_BASE_PATH=/webmail, as next.config.mjs inlines it)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function urlsAt(basePath: string): Promise<typeof import('@/lib/urls')> {
    vi.stubEnv('FEATHER_BASE_PATH', basePath);
    vi.resetModules();
    return import('@/lib/urls');
  }

  it('every URL made here starts with the base path', async () => {
    const u = await urlsAt('/webmail');
    expect(u.BASE_PATH).toBe('/webmail');
    expect(u.HOME_URL).toBe('/webmail/mail');
    expect(u.SIGN_OUT_URL).toBe('/webmail/logout');
    expect(u.SEARCH_URL).toBe('/webmail/mail');
    expect(u.settingsUrl()).toBe('/webmail/settings');
    expect(u.settingsUrl({ saved: true })).toBe('/webmail/settings?saved=1');
    expect(u.folderUrl('Projects/Feather', 2, { text: 'x', body: true })).toBe('/webmail/mail?folder=Projects%2FFeather&q=x&body=1&page=2');
    expect(u.messageUrl('INBOX', 7, { uidValidity: '5' })).toBe('/webmail/mail/read?folder=INBOX&uid=7&uidvalidity=5');
    expect(u.partUrl('INBOX', 7, '2', { inline: true })).toBe('/webmail/mail/part?folder=INBOX&uid=7&part=2&inline=1');
    expect(u.messageParamsUrl(u.messageParams({ folder: 'INBOX', page: '3' }))).toBe('/webmail/mail?folder=INBOX&page=3');
    expect(u.signInUrl()).toBe('/webmail/login');
    expect(u.signInUrl({ signedOut: true })).toBe('/webmail/login?signedout=1');
    expect(u.signInUrl({ next: '/webmail/mail/read?folder=INBOX&uid=7', error: 'expired' })).toBe('/webmail/login?error=expired&next=%2Fwebmail%2Fmail%2Fread%3Ffolder%3DINBOX%26uid%3D7');
    expect(u.withBase('/')).toBe('/webmail');
  });

  it('the way back after sign-in stays inside the base path', async () => {
    const u = await urlsAt('/webmail');
    expect(u.safeReturnPath('/webmail/mail?folder=Projects&page=2')).toBe('/webmail/mail?folder=Projects&page=2');
    expect(u.safeReturnPath('/webmail')).toBe('/webmail');
    // Another application on the same site, a look-alike prefix, Feather's own paths without the prefix, loops, tricks.
    for (const bad of ['/moodle/login', '/webmailer/mail', '/mail', '/webmail/login?next=/webmail/mail', '/webmail/logout', '/webmail//evil.example', '/webmail/\\evil', '//evil.example', 'https://evil.example/webmail/mail']) {
      expect(u.safeReturnPath(bad), bad).toBe('/webmail/mail');
    }
  });

  it("gives Next.js's redirect() and router the app's own path", async () => {
    const u = await urlsAt('/webmail');
    expect(u.appPath('/webmail/mail?folder=INBOX')).toBe('/mail?folder=INBOX');
    expect(u.appPath('/webmail')).toBe('/');
    expect(u.appPath('/webmail?x=1')).toBe('/?x=1');
    expect(u.appPath(u.signInUrl({ next: u.HOME_URL }))).toBe('/login?next=%2Fwebmail%2Fmail');
    expect(u.appPath('/webmailer/mail')).toBeUndefined();
    expect(u.appPath('/mail')).toBeUndefined();
  });

  it('at the root (empty), URLs are as they always were', async () => {
    const u = await urlsAt('');
    expect([u.BASE_PATH, u.HOME_URL, u.signInUrl(), u.withBase('/'), u.appPath('/mail?x')]).toEqual(['', '/mail', '/login', '/', '/mail?x']);
  });
});
