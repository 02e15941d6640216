// A private certificate authority and a server certificate it signs, made with Debian's openssl, for a Dovecot
// with TLS: what a school with its own CA has. Written once into `dir` and reused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startDovecot, stopDovecot, type DovecotUser } from './dovecot';
import { freePort } from './net';
import { DATA_ROOT } from './paths';

export interface RigCertificates {
  /** The CA's certificate (PEM): what IMAP_TLS_CA_FILE names. */
  caFile: string;
  /** The server's certificate (signed by the CA, for 127.0.0.1 and localhost) and its key. */
  certFile: string;
  keyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function rigCertificates(dir: string): RigCertificates {
  const certs = { caFile: path.join(dir, 'ca.pem'), certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key') };
  if (Object.values(certs).every((f) => fs.existsSync(f))) return certs;
  fs.mkdirSync(dir, { recursive: true });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', '/CN=Feather Test School CA', '-keyout', 'ca.key', '-out', 'ca.pem'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr'], dir);
  fs.writeFileSync(path.join(dir, 'server.ext'), 'subjectAltName = DNS:localhost, IP:127.0.0.1\nbasicConstraints = CA:FALSE\nkeyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n');
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '3650', '-extfile', 'server.ext', '-out', 'server.pem'], dir);
  // Dovecot's processes read the key as another user.
  fs.chmodSync(path.join(dir, 'server.key'), 0o644);
  return certs;
}

/** A private Dovecot with TLS from the rig's CA: STARTTLS on one free port, implicit TLS on another. */
export async function startTlsDovecot(dataDir: string, users: DovecotUser[]): Promise<{ certs: RigCertificates; starttlsPort: number; tlsPort: number; stop: () => Promise<void> }> {
  const certs = rigCertificates(path.join(DATA_ROOT, 'tls-certs'));
  const starttlsPort = await freePort();
  const tlsPort = await freePort();
  await startDovecot({ dataDir, port: starttlsPort, users, tls: { certFile: certs.certFile, keyFile: certs.keyFile, tlsPort } });
  return { certs, starttlsPort, tlsPort, stop: async () => void (await stopDovecot(dataDir)) };
}
