// A connection pool of Feather's own lib/imap pointed at a rig server, for the integration tests and the bench.
import { ConnectionPool, type ImapServer, type PoolSettings } from '../lib/imap/pool';

export type RigPoolOverrides = Partial<Omit<PoolSettings, 'server'>> & { server?: Partial<ImapServer> };

/** Plaintext to 127.0.0.1:`port` (a private Dovecot or a counting proxy in front of it), settings overridable. */
export function rigPool(port: number, overrides: RigPoolOverrides = {}): ConnectionPool {
  const { server, ...rest } = overrides;
  return new ConnectionPool({
    server: { host: '127.0.0.1', port, secure: 'none', rejectUnauthorized: true, ...server },
    idleTimeoutMs: 60_000,
    commandTimeoutMs: 5_000,
    maxConnections: 50,
    maxConnectionsPerUser: 10,
    ...rest,
  });
}
