// One error type for everything that can go wrong talking to IMAP, with a code the UI maps to a message.
// Pages never show a stack trace: they show `userMessage(code)`.

export type MailErrorCode =
  | 'auth' // wrong username or password
  | 'unreachable' // the server refused or could not be found
  | 'timeout' // the server did not answer in time
  | 'busy' // too many connections here or at the server
  | 'no-folder' // the folder does not exist (any more)
  | 'no-message' // the message does not exist (any more)
  | 'no-part' // the requested part does not exist
  | 'server'; // the server said NO/BAD, or something unexpected happened

export class MailError extends Error {
  constructor(public readonly code: MailErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? code, options);
    this.name = 'MailError';
  }
}

export const USER_MESSAGES: Record<MailErrorCode, string> = {
  auth: 'The username or password is not correct.',
  unreachable: 'The mail server cannot be reached right now. Please try again in a few minutes.',
  timeout: 'The mail server did not answer in time. Please try again.',
  busy: 'Too many connections are open to the mail server right now. Please try again in a moment.',
  'no-folder': 'This folder does not exist. It may have been renamed or deleted.',
  'no-message': 'This message does not exist any more. It may have been moved or deleted.',
  'no-part': 'This part of the message does not exist.',
  server: 'The mail server could not do that. Please try again.',
};

export function userMessage(code: MailErrorCode): string {
  return USER_MESSAGES[code];
}

export function isMailErrorCode(value: unknown): value is MailErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(USER_MESSAGES, value);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'NoConnection', 'EConnectionClosed', 'ClosedAfterConnectText', 'ClosedAfterConnectTLS', 'StateLogout']);
const TIMEOUT = new Set(['ETIMEDOUT', 'ETIMEOUT', 'CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT', 'LockTimeout']);

/** Translates whatever imapflow or the socket threw into a MailError. */
export function toMailError(err: unknown): MailError {
  if (err instanceof MailError) return err;
  const e = (err ?? {}) as { code?: string; authenticationFailed?: boolean; serverResponseCode?: string; responseText?: string; message?: string };
  if (e.authenticationFailed || e.serverResponseCode === 'AUTHENTICATIONFAILED') return new MailError('auth', e.message, { cause: err });
  if (e.code && TIMEOUT.has(e.code)) return new MailError('timeout', e.message, { cause: err });
  if (e.code && UNREACHABLE.has(e.code)) return new MailError('unreachable', e.message, { cause: err });
  if (e.serverResponseCode === 'NONEXISTENT') return new MailError('no-folder', e.responseText ?? e.message, { cause: err });
  if (e.serverResponseCode === 'LIMIT') return new MailError('busy', e.responseText ?? e.message, { cause: err });
  return new MailError('server', e.responseText ?? e.message, { cause: err });
}

/** True when the connection can no longer be trusted and must be replaced. */
export function isConnectionFault(err: MailError): boolean {
  return err.code === 'unreachable' || err.code === 'timeout';
}
