// lib/imap's face to lib/mail, the app's door to mail. Only lib/imap imports imapflow; routes never come here.
import 'server-only';
import { config } from '@/lib/config';
import { ConnectionPool } from './pool';

export { MailError, toMailError, type MailErrorCode } from './errors';
export type { Account, ConnectionPool } from './pool';
export type * from './types';
export { listFolders, listMessages, searchMessages, openMessage, fetchHeaderBlock, downloadPart, readSmallPart, type PartInfo, type OpenedMessage } from './mail';

export { probeTransport } from './doctor';

/** The IMAP server as configured (host, port, TLS mode and trust). */
export function configuredServer() {
  return config().imap;
}

// One pool per process. Kept on globalThis because Next.js may load this module in more than one bundle.
const POOL_KEY = Symbol.for('feather.imapPool');

export function pool(): ConnectionPool {
  const g = globalThis as unknown as Record<symbol, ConnectionPool | undefined>;
  let p = g[POOL_KEY];
  if (!p) {
    const c = config();
    p = new ConnectionPool({
      server: c.imap,
      idleTimeoutMs: c.idleTimeoutMs,
      commandTimeoutMs: c.commandTimeoutMs,
      maxConnections: c.maxConnections,
      maxConnectionsPerUser: c.maxConnectionsPerUser,
    });
    g[POOL_KEY] = p;
  }
  return p;
}
