// npm run doctor against the private Dovecots: plain, and TLS from a private CA (with and without that CA).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { diagnoseServer } from '@/lib/imap/doctor';
import { stopDovecot } from '../../rig/dovecot';
import { DATA_ROOT, PROJECT_ROOT } from '../../rig/paths';
import { startTlsDovecot, type RigCertificates } from '../../rig/tls';
import { TEST_USERS } from '../helpers/fixtures';

const run = promisify(execFile);
const alice = TEST_USERS.alice;
const bob = TEST_USERS.bob;
const dataDir = path.join(DATA_ROOT, 'doctor-tls-dovecot');
let certs: RigCertificates;
let tlsPort: number;
let starttlsPort: number;

beforeAll(async () => {
  ({ certs, starttlsPort, tlsPort } = await startTlsDovecot(dataDir, [bob]));
});
afterAll(async () => {
  await stopDovecot(dataDir);
});

/** `npm run doctor` as an admin runs it: the server's environment, test credentials optional. */
async function doctor(env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run('npm', ['run', '--silent', 'doctor'], { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', IMAP_HOST: '127.0.0.1', ...env }, timeout: 60_000 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, out: e.stdout ?? '' };
  }
}

describe('the doctor', () => {
  it('on a courier-like Dovecot: the INBOX. prefix and "." delimiter, the other namespaces, the missing extensions', async () => {
    const port = inject('courierImapPort');
    const r = await diagnoseServer({ host: '127.0.0.1', port, secure: 'none', rejectUnauthorized: true }, { user: alice.user, password: alice.password });
    expect(r.login).toMatchObject({
      ok: true,
      namespaces: { personal: [{ prefix: 'INBOX.', delimiter: '.' }], other: [{ prefix: 'user.', delimiter: '.' }], shared: [{ prefix: 'Public.', delimiter: '.' }] },
      sections: [
        { kind: 'personal', prefix: 'INBOX.' },
        { kind: 'other', prefix: 'user.', folders: 1 },
        { kind: 'shared', prefix: 'Public.', folders: 1 },
      ],
    });
    for (const missing of ['LIST-STATUS', 'ESEARCH', 'SPECIAL-USE']) expect(r.login!.capabilities).not.toContain(missing);
    expect(r.login!.specialUse).toEqual(expect.arrayContaining([{ use: 'sent', path: 'INBOX.Sent' }, { use: 'trash', path: 'INBOX.Trash' }]));
    expect(r.plan).toEqual(expect.arrayContaining([
      expect.stringMatching(/^no LIST-STATUS: unread counts kept per session for 60 s; a page view sends at most \d+ STATUS/),
      'no ESEARCH: plain UID SEARCH, the answer lists every matching UID',
      'personal namespace prefix "INBOX." (delimiter "."): folders are shown without it, Sent, Trash and the rest beside Inbox',
      'other users\' folders ("user."): a section "Other users"',
      'shared folders ("Public."): a section "Shared folders"',
    ]));
  });

  it('on the plain Dovecot: capabilities, namespaces, special-use folders, and what Feather does there', async () => {
    const r = await diagnoseServer({ host: '127.0.0.1', port: inject('imapPort'), secure: 'none', rejectUnauthorized: true }, { user: alice.user, password: alice.password });
    expect(r.transport).toMatchObject({ connected: true });
    expect(r.transport.tls).toBeUndefined();
    expect(r.login).toMatchObject({ ok: true, namespaces: { personal: [{ prefix: '', delimiter: '/' }], other: [], shared: [] } });
    expect(r.login!.capabilities).toEqual(expect.arrayContaining(['IMAP4rev1', 'LIST-STATUS', 'ESEARCH', 'SPECIAL-USE']));
    expect(r.login!.specialUse).toEqual(expect.arrayContaining([{ use: 'sent', path: 'Sent' }, { use: 'trash', path: 'Trash' }]));
    expect(r.plan).toContain('folder tree and unread counts: one LIST … RETURN (STATUS …)');
    expect(JSON.stringify(r)).not.toContain(alice.password);
  });

  it('on TLS from a private CA: the chain, trusted only with IMAP_TLS_CA_FILE; STARTTLS too', async () => {
    const untrusted = await diagnoseServer({ host: '127.0.0.1', port: tlsPort, secure: 'tls', rejectUnauthorized: true }, { user: bob.user, password: bob.password });
    expect(untrusted.transport.tls).toMatchObject({ trusted: false, reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', chain: [{ subject: 'localhost', issuer: 'Feather Test School CA' }] });
    expect(untrusted.login).toMatchObject({ ok: false, code: 'server-setup' });
    expect(untrusted.plan[0]).toMatch(/^\(judged from the capabilities before login/);

    const { readFileSync } = await import('node:fs');
    const ca = readFileSync(certs.caFile, 'utf8');
    for (const [port, secure] of [[tlsPort, 'tls'], [starttlsPort, 'starttls']] as const) {
      const r = await diagnoseServer({ host: '127.0.0.1', port, secure, rejectUnauthorized: true, ca }, { user: bob.user, password: bob.password });
      expect(r.transport.tls, secure).toMatchObject({ trusted: true, chain: [{ subject: 'localhost' }, { subject: 'Feather Test School CA' }] });
      expect(r.login?.ok, secure).toBe(true);
    }
  });

  it('npm run doctor prints it and exits 0 when Feather can work, 1 when not, never showing the password', async () => {
    const good = await doctor({ IMAP_PORT: String(tlsPort), IMAP_SECURE: 'tls', IMAP_TLS_CA_FILE: certs.caFile, DOCTOR_USER: bob.user, DOCTOR_PASSWORD: bob.password });
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/^ok {3}TLS TLSv1\.3: certificate trusted$/m);
    expect(good.out).toMatch(/^ok {3}test login as bob$/m);
    expect(good.out).toContain('namespaces: personal "" (delimiter "/")');
    expect(good.out).not.toContain(bob.password);
    const bad = await doctor({ IMAP_PORT: String(tlsPort), IMAP_SECURE: 'tls' });
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^FAIL TLS TLSv1\.3: certificate NOT trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\) - name the issuing CA in IMAP_TLS_CA_FILE$/m);
    expect(bad.out).toContain('skip test login (set DOCTOR_USER and DOCTOR_PASSWORD to try one)');
    const mismatch = await doctor({ IMAP_PORT: String(inject('imapPort')), IMAP_SECURE: 'tls' });
    expect(mismatch.code).toBe(1);
    expect(mismatch.out).toMatch(/^FAIL connection: ERR_SSL_WRONG_VERSION_NUMBER/m);
    const silent = await doctor({ IMAP_PORT: String(tlsPort), IMAP_SECURE: 'none', DOCTOR_USER: bob.user, DOCTOR_PASSWORD: bob.password });
    expect(silent.code).toBe(1);
    expect(silent.out).toMatch(/^FAIL connection: no IMAP greeting within 5000 ms, and the port speaks implicit TLS: use IMAP_SECURE=tls for it$/m);
    expect(silent.out).toContain('skip test login: there is no connection to try it on');
  }, 120_000);
});
