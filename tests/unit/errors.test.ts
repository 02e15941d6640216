// The one error table, and the translation of what imapflow and the socket throw into its codes.
import { describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import { ERRORS, MailError, errorRow, isMailErrorCode, userMessage, type MailErrorCode } from '@/lib/errors';
import { explainConnectFailure } from '@/lib/imap/diagnose';
import { isConnectionFault, toMailError } from '@/lib/imap/errors';

/** An Error as imapflow builds them: a message plus the fields it sets. */
function imapflowError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

/** The error a real socket gives for a port where nothing listens. */
function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => {
        const sock = net.connect({ host: '127.0.0.1', port });
        sock.on('error', resolve);
        // Someone took the port meanwhile: say so rather than wait for the test's time limit.
        sock.on('connect', () => {
          sock.destroy();
          resolve(new Error('the port was taken meanwhile; no refusal to translate'));
        });
      });
    });
  });
}

describe('the error table', () => {
  it('has a message, an HTTP status and a sign-in rule for every code', () => {
    for (const [code, row] of Object.entries(ERRORS)) {
      expect(row.message, code).toMatch(/^[A-Z].+\.$/);
      expect(row.status, code).toBeGreaterThanOrEqual(400);
      expect(row.status, code).toBeLessThan(600);
      expect(typeof row.signInAgain, code).toBe('boolean');
    }
  });

  it('sends the user to sign in only when the sign-in is gone or refused', () => {
    const again = (Object.keys(ERRORS) as MailErrorCode[]).filter((c) => errorRow(c).signInAgain);
    expect(again.sort()).toEqual(['auth', 'expired']);
  });

  it('answers what was asked for and is missing with 404, a server in trouble with 5xx', () => {
    expect(['no-folder', 'no-message', 'no-part'].map((c) => errorRow(c as MailErrorCode).status)).toEqual([404, 404, 404]);
    expect(errorRow('busy').status).toBe(503);
    expect(errorRow('timeout').status).toBe(504);
    expect(errorRow('unreachable').status).toBe(502);
    expect(errorRow('bad-link').status).toBe(400);
    expect(errorRow('auth').status).toBe(401);
  });

  it('knows its own codes and nothing else', () => {
    expect(isMailErrorCode('no-part')).toBe(true);
    expect(isMailErrorCode('toString')).toBe(false);
    expect(isMailErrorCode('__proto__')).toBe(false);
    expect(isMailErrorCode(undefined)).toBe(false);
    expect(userMessage('auth')).toBe('The username or password is not correct.');
  });
});

describe('toMailError: imapflow and socket errors to codes', () => {
  const cases: Array<[string, unknown, MailErrorCode]> = [
    ['a refused LOGIN', imapflowError('Command failed', { authenticationFailed: true, responseStatus: 'NO', responseText: 'Authentication failed.' }), 'auth'],
    ['AUTHENTICATIONFAILED without the flag', imapflowError('Command failed', { serverResponseCode: 'AUTHENTICATIONFAILED' }), 'auth'],
    ['LOGINDISABLED (plaintext refused)', imapflowError('Login is disabled', { authenticationFailed: true }), 'auth'],
    ['imapflow connect deadline', imapflowError('Connection timed out', { code: 'CONNECT_TIMEOUT' }), 'timeout'],
    ['imapflow greeting deadline', imapflowError('Failed to receive greeting from server in required time', { code: 'GREETING_TIMEOUT' }), 'timeout'],
    ['socket timeout', imapflowError('Socket timeout', { code: 'ETIMEOUT' }), 'timeout'],
    ['an unknown host', imapflowError('getaddrinfo ENOTFOUND imap.nowhere.invalid', { code: 'ENOTFOUND' }), 'unreachable'],
    ['a dropped connection', imapflowError('read ECONNRESET', { code: 'ECONNRESET' }), 'unreachable'],
    ['a command on a closed connection', imapflowError('Connection not available', { code: 'NoConnection' }), 'unreachable'],
    ['closed mid-command', imapflowError('Connection closed', { code: 'EConnectionClosed' }), 'unreachable'],
    ['a folder that is not there', imapflowError('Command failed', { responseStatus: 'NO', serverResponseCode: 'NONEXISTENT', responseText: 'Mailbox does not exist' }), 'no-folder'],
    ['the server limits connections', imapflowError('Command failed', { responseStatus: 'NO', serverResponseCode: 'LIMIT', responseText: 'Too many connections' }), 'busy'],
    ['a plain NO', imapflowError('Command failed', { responseStatus: 'NO', responseText: 'Internal error' }), 'server'],
    ['a bare Error', new Error('surprise'), 'server'],
    ['a thrown string', 'oops', 'server'],
    ['null', null, 'server'],
  ];
  it.each(cases)('%s', (_name, thrown, code) => {
    const e = toMailError(thrown);
    expect(e).toBeInstanceOf(MailError);
    expect(e.code).toBe(code);
  });

  // Every socket and imapflow code Feather knows, each to its code: none may go missing from the sets unnoticed.
  const connectionCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'StateLogout'];
  const deadlineCodes = ['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout'];
  it.each(connectionCodes)('%s is "unreachable", a connection fault', (code) => {
    const e = toMailError(imapflowError(`failed: ${code}`, { code }));
    expect(e.code).toBe('unreachable');
    expect(isConnectionFault(e)).toBe(true);
  });
  it.each(deadlineCodes)('%s is "timeout", a connection fault', (code) => {
    const e = toMailError(imapflowError(`failed: ${code}`, { code }));
    expect(e.code).toBe('timeout');
    expect(isConnectionFault(e)).toBe(true);
  });

  it('maps a real refused TCP connection to "unreachable", a connection fault', async () => {
    const e = toMailError(await refusedConnection());
    expect(e.code).toBe('unreachable');
    expect(isConnectionFault(e)).toBe(true);
  });

  it('keeps a MailError as it is, and the server text as its detail', () => {
    const own = new MailError('no-part', '1.2 of 7');
    expect(toMailError(own)).toBe(own);
    expect(toMailError(imapflowError('Command failed', { serverResponseCode: 'NONEXISTENT', responseText: 'Mailbox does not exist' })).message).toBe('Mailbox does not exist');
    expect(isConnectionFault(new MailError('no-folder'))).toBe(false);
  });
});

describe('explainConnectFailure: setup faults only the administrator can fix', () => {
  const server = { host: 'imap.school.example', port: 143, secure: 'none' as const, rejectUnauthorized: true };
  it('LOGINDISABLED is never a wrong password: no password was sent', () => {
    const refused = imapflowError('Login is disabled', { authenticationFailed: true });
    const e = explainConnectFailure({ err: refused, server, capabilities: new Map([['IMAP4rev1', true], ['STARTTLS', true], ['LOGINDISABLED', true]]) });
    expect(e.code).toBe('server-setup');
    expect(e.message).toBe('imap.school.example:143 with IMAP_SECURE=none: the server announces LOGINDISABLED: it accepts no password before TLS, so none was sent. Use IMAP_SECURE=starttls (port 143) or IMAP_SECURE=tls (port 993).');
    // The same refusal from a server that takes passwords is a wrong password.
    expect(explainConnectFailure({ err: refused, server, capabilities: new Map([['IMAP4rev1', true]]) }).code).toBe('auth');
  });

  it('an untrusted certificate names IMAP_TLS_CA_FILE; a plain answer to TLS and a silent TLS port name IMAP_SECURE', () => {
    const tls = { ...server, port: 993, secure: 'tls' as const };
    expect(explainConnectFailure({ err: imapflowError('unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), server: tls }).message).toMatch(/IMAP_TLS_CA_FILE/);
    expect(explainConnectFailure({ err: imapflowError('wrong version number', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), server: tls }).message).toMatch(/plain text, not TLS.*IMAP_SECURE=starttls/);
    const silent = imapflowError('Failed to receive greeting from server in required time', { code: 'GREETING_TIMEOUT' });
    expect(explainConnectFailure({ err: silent, server, implicitTls: true }).message).toMatch(/implicit TLS\. Use IMAP_SECURE=tls/);
    // Silent but not TLS either: the server is just not answering.
    expect(explainConnectFailure({ err: silent, server, implicitTls: false }).code).toBe('timeout');
    expect(userMessage('server-setup')).toBe('Feather cannot connect to the mail server securely. Please tell the administrator.');
  });
});

describe('MailError across copies of lib/errors', () => {
  it('is known as a MailError to another copy of the module (Next.js bundles routes apart)', async () => {
    const { MailError: First } = await import('@/lib/errors');
    vi.resetModules();
    const { MailError: Second } = await import('@/lib/errors');
    expect(Second).not.toBe(First);
    const err = new Second('over-quota', 'APPEND');
    expect(err instanceof First).toBe(true);
    expect(new Error('plain') instanceof First).toBe(false);
    // A subclass keeps the ordinary check: a plain MailError is no SmtpRefusal.
    const { SmtpRefusal } = await import('@/lib/smtp');
    expect(new First('server') instanceof SmtpRefusal).toBe(false);
    expect(new SmtpRefusal('smtp-refused', '5.3.4') instanceof First).toBe(true);
  });
});
