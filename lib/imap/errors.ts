// What imapflow and the socket throw, translated into Feather's one error type (lib/errors.ts).
import { MailError } from '@/lib/errors';

export { MailError, type MailErrorCode } from '@/lib/errors';

// Socket and imapflow codes of a connection that could not be made or broke (imapflow: NoConnection when a command
// is sent on a closed connection, EConnectionClosed when it closes mid-command, StateLogout after LOGOUT/BYE).
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'StateLogout']);
// imapflow's own deadlines (connect, greeting, STARTTLS), the socket's, and a mailbox lock that never came.
const TIMEOUT = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout']);

/** Translates whatever imapflow or the socket threw into a MailError. */
export function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  const e = (err ?? {}) as { code?: string; authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; message?: string };
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') return new MailError('auth', e.message, { cause: err });
  if (e.code && TIMEOUT.has(e.code)) return new MailError('timeout', e.message, { cause: err });
  if (e.code && UNREACHABLE.has(e.code)) return new MailError('unreachable', e.message, { cause: err });
  if (e.serverResponseCode === 'NONEXISTENT') return new MailError('no-folder', e.responseText ?? e.message, { cause: err });
  if (e.serverResponseCode === 'OVERQUOTA') return new MailError('over-quota', e.responseText ?? e.message, { cause: err });
  if (e.serverResponseCode === 'LIMIT') return new MailError('busy', e.responseText ?? e.message, { cause: err });
  return new MailError('server', e.responseText ?? e.message, { cause: err });
}

/** True when the connection can no longer be trusted and must be replaced. */
export function isConnectionFault(err: MailError): boolean {
  return err.code === 'unreachable' || err.code === 'timeout';
}
