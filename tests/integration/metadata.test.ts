// Settings kept on the IMAP server (lib/imap/metadata.ts, RFC 5464): the plain Dovecot keeps private entries
// (imap_metadata), the courier-like one announces no METADATA.
import { describe, expect, inject, it } from 'vitest';
import { loadSettings, storeSettings } from '@/lib/imap/metadata';
import { TEST_USERS } from '../helpers/fixtures';
import { imapSessions } from '../helpers/imap-sessions';

const sessions = imapSessions('metadata');

describe('settings on the server', () => {
  it('are stored and read back as a private entry, and another session (another machine) reads them too', async () => {
    const pool = sessions.makePool(inject('imapPort'));
    const a = await sessions.signedIn(pool, TEST_USERS.carol);
    const text = JSON.stringify({ textOnly: true, density: 'compact', note: 'Grüße 🪶 "quoted"' });
    await expect(storeSettings(pool, a, text)).resolves.toBe(true);
    await expect(loadSettings(pool, a)).resolves.toBe(text);
    const elsewhere = sessions.makePool(inject('imapPort'));
    const b = await sessions.signedIn(elsewhere, TEST_USERS.carol);
    await expect(loadSettings(elsewhere, b)).resolves.toBe(text);
    // Another user's private entries are their own.
    const bob = await sessions.signedIn(elsewhere, TEST_USERS.bob);
    await expect(loadSettings(elsewhere, bob)).resolves.toBeNull();
  });

  it('are not kept where the server has no METADATA: nothing is sent, and the caller is told', async () => {
    const pool = sessions.makePool(inject('courierImapPort'));
    const a = await sessions.signedIn(pool, TEST_USERS.carol);
    await expect(loadSettings(pool, a)).resolves.toBeUndefined();
    await expect(storeSettings(pool, a, '{}')).resolves.toBe(false);
  });
});
