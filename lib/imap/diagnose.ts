// Why a connection to the IMAP server could not be made, when the reason is the server's setup or Feather's
// (certificates, TLS mode against the port, a server that wants TLS before LOGIN): the user is told to ask the
// administrator, and the log says what to change. Nothing here ever sees or logs a password.
import net from 'node:net';
import tls from 'node:tls';
import { MailError, toMailError } from './errors';
import type { ImapServer } from './pool';

// Node's and OpenSSL's codes for a certificate Feather does not trust or that does not fit the host.
const CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
// A TLS handshake that met a server speaking plain IMAP.
const PLAIN_ANSWER = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST']);

/** A greeting never came: does the port speak implicit TLS (then IMAP_SECURE is wrong for it)? */
export function speaksImplicitTls(server: Pick<ImapServer, 'host' | 'port'>, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    // SNI takes a host name only (RFC 6066); an address goes without.
    const socket = tls.connect({ host: server.host, port: server.port, ...(net.isIP(server.host) ? {} : { servername: server.host }), rejectUnauthorized: false });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

interface FailedConnection {
  /** What imapflow or the socket threw. */
  err: unknown;
  server: ImapServer;
  /** The capabilities the server announced before it failed, if it got that far. */
  capabilities?: Set<string> | Map<string, unknown>;
  /** The port speaks implicit TLS (asked only after a greeting timeout without IMAP_SECURE=tls). */
  implicitTls?: boolean;
}

/**
 * The MailError for a failed connect: `server-setup` (with the administrator's hint as its detail) when the
 * setup is at fault, else the ordinary translation.
 */
export function explainConnectFailure({ err, server, capabilities, implicitTls }: FailedConnection): MailError {
  const e = (err ?? {}) as { code?: string; message?: string; authenticationFailed?: boolean; tlsFailed?: boolean };
  const where = `${server.host}:${server.port} with IMAP_SECURE=${server.secure}`;
  const setup = (hint: string) => new MailError('server-setup', `${where}: ${hint}`, { cause: err });
  if (e.code && CERTIFICATE.has(e.code)) {
    return setup(`the server's certificate is not trusted (${e.code}: ${e.message ?? ''}). If it comes from the school's own CA, name that CA's PEM file in IMAP_TLS_CA_FILE.`);
  }
  if (e.code && PLAIN_ANSWER.has(e.code)) {
    return setup(`the port answered in plain text, not TLS (${e.code}). Use IMAP_SECURE=starttls (usually port 143), or the server's implicit-TLS port (usually 993).`);
  }
  if (e.authenticationFailed && capabilities?.has('LOGINDISABLED')) {
    return setup('the server announces LOGINDISABLED: it accepts no password before TLS, so none was sent. Use IMAP_SECURE=starttls (port 143) or IMAP_SECURE=tls (port 993).');
  }
  if (e.tlsFailed) return setup(`STARTTLS was asked for but the server does not offer it (${e.message ?? ''}). Use IMAP_SECURE=tls on its TLS port, or none only if it is on this host.`);
  if (implicitTls) return setup('no IMAP greeting came, and the port speaks implicit TLS. Use IMAP_SECURE=tls for this port.');
  return toMailError(err);
}
