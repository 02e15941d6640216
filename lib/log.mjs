// The one logger of the process: pino, JSON lines on stdout, shared by server.mjs (one line per request) and the
// app (sign-ins, IMAP errors). Plain JavaScript so server.mjs can load it as it is. Never give it a password, a
// cookie, session contents or message contents; `redact` is the second guard, not the first.
import pino from 'pino';

const KEY = Symbol.for('feather.log');

/** @returns {import('pino').Logger} */
function create() {
  return pino({
    base: { app: 'feather' },
    level: process.env.LOG_LEVEL || 'info',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'pass', '*.pass', 'cookie', '*.cookie', 'headers.cookie', 'headers.authorization'], censor: '[redacted]' },
  });
}

/** @type {import('pino').Logger} */
export const log = (globalThis[KEY] ??= create());
