// TLS with the school's own CA, against a private Dovecot whose certificate a private CA signed (rig/tls.ts):
// verification stays on; what cannot work says "ask the administrator" quickly and tells the log what to change.
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseConfig } from '@/lib/config';
import { log as appLog } from '@/lib/log.mjs';
import { listFolders } from '@/lib/imap/mail';
import type { ConnectionPool } from '@/lib/imap/pool';
import { startDovecot, stopDovecot } from '../../rig/dovecot';
import { startCountingProxy } from '../../rig/imap-proxy';
import { freePort } from '../../rig/net';
import { DATA_ROOT } from '../../rig/paths';
import { rigPool, type RigPoolOverrides } from '../../rig/pool';
import { startTlsDovecot, type RigCertificates } from '../../rig/tls';
import { TEST_USERS } from '../helpers/fixtures';

const bob = TEST_USERS.bob;
const dataDir = path.join(DATA_ROOT, 'tls-dovecot');
let certs: RigCertificates;
let starttlsPort: number;
let tlsPort: number;
const pools: ConnectionPool[] = [];
// These pools run with the production command limit, 20 s: a setup fault must be told well before it (the greeting
// limit is 5 s, the TLS probe after it 2 s), never by waiting it out.
const HALF_THE_COMMAND_LIMIT = 10_000;
let n = 0;

/** What was logged through a spied log method, one string per call. */
function logged(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.map((c) => c.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
}

function pool(port: number, overrides: RigPoolOverrides): ConnectionPool {
  const p = rigPool(port, overrides);
  pools.push(p);
  return p;
}

/** Signs bob in through `p`; the error's code and text, or 'ok', and how long it took. */
async function signIn(p: ConnectionPool): Promise<{ outcome: string; detail: string; ms: number }> {
  const started = Date.now();
  try {
    await p.signIn({ sid: `tls-${++n}`, user: bob.user, password: bob.password });
    return { outcome: 'ok', detail: '', ms: Date.now() - started };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { outcome: e.code ?? 'thrown', detail: e.message ?? '', ms: Date.now() - started };
  }
}

beforeAll(async () => {
  ({ certs, starttlsPort, tlsPort } = await startTlsDovecot(dataDir, [bob]));
});
afterAll(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()));
  await stopDovecot(dataDir);
});

describe('TLS with a private CA, verification on', () => {
  it('signs in over implicit TLS and over STARTTLS when IMAP_TLS_CA_FILE names the CA', async () => {
    const ca = parseConfig({ IMAP_HOST: '127.0.0.1', IMAP_TLS_CA_FILE: certs.caFile }).imap.ca;
    expect(ca).toContain('BEGIN CERTIFICATE');
    for (const [port, secure] of [[tlsPort, 'tls'], [starttlsPort, 'starttls']] as const) {
      const p = pool(port, { server: { secure, ca, rejectUnauthorized: true } });
      const a = { sid: `tls-ok-${secure}`, user: bob.user, password: bob.password };
      await p.signIn(a);
      expect((await listFolders(p, a))[0].folders.map((f) => f.path), secure).toContain('INBOX');
    }
  });

  it('without the CA: "ask the administrator", in seconds, and a log line naming IMAP_TLS_CA_FILE', async () => {
    const log = vi.spyOn(appLog, 'error').mockImplementation(() => undefined);
    try {
      for (const [port, secure] of [[tlsPort, 'tls'], [starttlsPort, 'starttls']] as const) {
        const r = await signIn(pool(port, { commandTimeoutMs: 20_000, server: { secure } }));
        expect(r.outcome, secure).toBe('server-setup');
        expect(r.detail, secure).toMatch(/not trusted \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)/);
        expect(r.ms, secure).toBeLessThan(HALF_THE_COMMAND_LIMIT);
      }
      const lines = logged(log);
      expect(lines.filter((l) => /IMAP_TLS_CA_FILE/.test(l) && l.includes(`127.0.0.1:${tlsPort} with IMAP_SECURE=tls`))).toHaveLength(1);
      expect(lines.join('\n')).not.toContain(bob.password);
    } finally {
      log.mockRestore();
    }
  });

  it('IMAP_TLS_REJECT_UNAUTHORIZED=false still connects to a certificate nobody vouches for', async () => {
    expect((await signIn(pool(tlsPort, { server: { secure: 'tls', rejectUnauthorized: false } }))).outcome).toBe('ok');
  });
});

describe('IMAP_SECURE that does not fit the port', () => {
  it('plain IMAP or STARTTLS against the implicit-TLS port: told within seconds (not the 20 s command limit)', async () => {
    const log = vi.spyOn(appLog, 'error').mockImplementation(() => undefined);
    try {
      for (const secure of ['none', 'starttls'] as const) {
        const r = await signIn(pool(tlsPort, { commandTimeoutMs: 20_000, server: { secure } }));
        expect(r.outcome, secure).toBe('server-setup');
        expect(r.detail, secure).toMatch(/the port speaks implicit TLS\. Use IMAP_SECURE=tls/);
        expect(r.ms, secure).toBeLessThan(HALF_THE_COMMAND_LIMIT);
      }
      expect(logged(log).some((l) => /IMAP_SECURE=none: no IMAP greeting came/.test(l))).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it('implicit TLS against a plain IMAP port: told at once', async () => {
    const log = vi.spyOn(appLog, 'error').mockImplementation(() => undefined);
    try {
      const r = await signIn(pool(inject('imapPort'), { commandTimeoutMs: 20_000, server: { secure: 'tls' } }));
      expect(r.outcome).toBe('server-setup');
      expect(r.detail).toMatch(/answered in plain text, not TLS/);
      expect(r.ms).toBeLessThan(HALF_THE_COMMAND_LIMIT);
    } finally {
      log.mockRestore();
    }
  });

  it('STARTTLS against a server that does not offer it', async () => {
    const log = vi.spyOn(appLog, 'error').mockImplementation(() => undefined);
    try {
      const r = await signIn(pool(inject('imapPort'), { server: { secure: 'starttls' } }));
      expect(r.outcome).toBe('server-setup');
      expect(r.detail).toMatch(/STARTTLS was asked for but the server does not offer it/);
    } finally {
      log.mockRestore();
    }
  });
});

describe('a server that requires TLS before any password (LOGINDISABLED)', () => {
  it('with IMAP_SECURE=none: "ask the administrator", no password sent, and the log says which setting to change', async () => {
    // Dovecot counts loopback clients as secure; through the PROXY protocol the client comes from elsewhere.
    const dir = path.join(DATA_ROOT, 'tls-required-dovecot');
    const port = await freePort();
    await startDovecot({ dataDir: dir, port, users: [bob], tls: { certFile: certs.certFile, keyFile: certs.keyFile, tlsPort: await freePort(), required: true }, options: { haproxy: true } });
    const proxy = await startCountingProxy({ host: '127.0.0.1', port, proxyProtocol: { source: '192.0.2.10', destination: '192.0.2.1' } });
    const log = vi.spyOn(appLog, 'error').mockImplementation(() => undefined);
    try {
      const r = await signIn(pool(proxy.port, { server: { secure: 'none' } }));
      expect(r.outcome).toBe('server-setup');
      expect(r.detail).toMatch(/announces LOGINDISABLED: it accepts no password before TLS, so none was sent\. Use IMAP_SECURE=starttls/);
      expect(proxy.stats().commands.some((c) => /^(LOGIN|AUTHENTICATE)\b/i.test(c))).toBe(false);
      expect(logged(log).filter((l) => /LOGINDISABLED/.test(l) && /IMAP_SECURE=none/.test(l))).toHaveLength(1);
      expect(logged(log).join('\n')).not.toContain(bob.password);

      // The setting the log names works: STARTTLS, with the school's CA.
      const ca = parseConfig({ IMAP_HOST: '127.0.0.1', IMAP_TLS_CA_FILE: certs.caFile }).imap.ca;
      expect((await signIn(pool(proxy.port, { server: { secure: 'starttls', ca, rejectUnauthorized: true } }))).outcome).toBe('ok');
    } finally {
      log.mockRestore();
      await Promise.all(pools.splice(0).map((p) => p.closeAll()));
      await proxy.close();
      await stopDovecot(dir);
    }
  });
});

describe('IMAP_TLS_CA_FILE at start', () => {
  it('refuses a missing file or one without a certificate, naming the variable', () => {
    const missing = path.join(DATA_ROOT, 'no-such-ca.pem');
    expect(() => parseConfig({ IMAP_HOST: 'x', IMAP_TLS_CA_FILE: missing })).toThrow(/IMAP_TLS_CA_FILE names a file that cannot be read \(ENOENT/);
    const junk = path.join(DATA_ROOT, 'not-a-ca.pem');
    fs.writeFileSync(junk, 'hello\n');
    expect(() => parseConfig({ IMAP_HOST: 'x', IMAP_TLS_CA_FILE: junk })).toThrow(/IMAP_TLS_CA_FILE must name a PEM file of CA certificates/);
    fs.writeFileSync(junk, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(() => parseConfig({ IMAP_HOST: 'x', IMAP_TLS_CA_FILE: junk })).toThrow(/IMAP_TLS_CA_FILE must name a PEM file/);
  });
});
