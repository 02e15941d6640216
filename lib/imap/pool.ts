// The IMAP connections of this process: one live connection per signed-in session, opened lazily,
// reused across requests, closed when idle, on sign-out, or when the server drops it.
import { ImapFlow } from 'imapflow';
import { MailError, isConnectionFault, toMailError } from './errors';

export interface ImapServer {
  host: string;
  port: number;
  secure: 'tls' | 'starttls' | 'none';
  rejectUnauthorized: boolean;
}

export interface PoolSettings {
  server: ImapServer;
  idleTimeoutMs: number;
  commandTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerUser: number;
}

/** Who a connection belongs to: a sign-in (sid) of a user. */
export interface Account {
  sid: string;
  user: string;
  password: string;
}

interface Entry {
  sid: string;
  user: string;
  client: ImapFlow;
  /** Requests currently using the connection. */
  active: number;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
  /** Dedicated connections (downloads) are not reused by sid. */
  dedicated: boolean;
}

export class ConnectionPool {
  private readonly bySid = new Map<string, Entry>();
  private readonly dedicated = new Set<Entry>();
  private readonly opening = new Map<string, Promise<Entry>>();

  constructor(private readonly settings: PoolSettings) {}

  get size(): number {
    return this.bySid.size + this.dedicated.size + this.opening.size;
  }

  /** Opens a connection and LOGINs; throws MailError('auth') on bad credentials. */
  private async open(account: Account): Promise<ImapFlow> {
    const { server, commandTimeoutMs, idleTimeoutMs } = this.settings;
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: server.secure === 'tls',
      doSTARTTLS: server.secure === 'starttls' ? true : server.secure === 'none' ? false : undefined,
      tls: { rejectUnauthorized: server.rejectUnauthorized },
      auth: { user: account.user, pass: account.password },
      logger: false,
      // Updates are discovered with NOOP when a page reuses a selected folder; IDLE would hold the line.
      disableAutoIdle: true,
      connectionTimeout: commandTimeoutMs,
      greetingTimeout: commandTimeoutMs,
      // The socket outlives our own idle timer, so we close it first, politely.
      socketTimeout: idleTimeoutMs + 60_000,
      clientInfo: { name: 'Feather' },
    });
    // imapflow emits 'error' on socket faults; an unheard 'error' would crash the process.
    client.on('error', () => {});
    try {
      await withTimeout(client.connect(), commandTimeoutMs * 2, () => client.close());
    } catch (err) {
      client.close();
      throw toMailError(err);
    }
    return client;
  }

  /** Signs in: opens a connection with the given credentials and keeps it for the session `sid`. */
  async signIn(account: Account): Promise<void> {
    this.makeRoom(account.user);
    const pending = this.open(account).then((client) => this.register(account, client, false));
    this.opening.set(account.sid, pending);
    try {
      await pending;
    } finally {
      this.opening.delete(account.sid);
    }
  }

  private register(account: Account, client: ImapFlow, dedicated: boolean): Entry {
    const entry: Entry = { sid: account.sid, user: account.user, client, active: 0, lastUsed: Date.now(), dedicated };
    client.on('close', () => this.forget(entry));
    if (dedicated) this.dedicated.add(entry);
    else {
      const old = this.bySid.get(account.sid);
      if (old && old !== entry) this.discard(old);
      this.bySid.set(account.sid, entry);
      this.armIdleTimer(entry);
    }
    return entry;
  }

  private forget(entry: Entry) {
    clearTimeout(entry.idleTimer);
    if (this.bySid.get(entry.sid) === entry) this.bySid.delete(entry.sid);
    this.dedicated.delete(entry);
  }

  private discard(entry: Entry) {
    this.forget(entry);
    entry.client.close();
  }

  private armIdleTimer(entry: Entry) {
    clearTimeout(entry.idleTimer);
    entry.idleTimer = setTimeout(() => {
      if (entry.active > 0) return this.armIdleTimer(entry);
      this.forget(entry);
      entry.client.logout().catch(() => entry.client.close());
    }, this.settings.idleTimeoutMs);
    entry.idleTimer.unref();
  }

  /** Makes room for one more connection of `user`, closing idle ones (least recently used first) if needed. */
  private makeRoom(user: string) {
    const all = [...this.bySid.values()];
    const evictFrom = (candidates: Entry[]) => {
      const idle = candidates.filter((e) => e.active === 0).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idle) throw new MailError('busy', `connection limit reached for ${user}`);
      this.discard(idle);
    };
    const mine = [...all, ...this.dedicated].filter((e) => e.user === user);
    if (mine.length >= this.settings.maxConnectionsPerUser) evictFrom(mine.filter((e) => !e.dedicated));
    if (this.size >= this.settings.maxConnections) evictFrom([...this.bySid.values()]);
  }

  private async acquire(account: Account): Promise<{ entry: Entry; reused: boolean }> {
    const existing = this.bySid.get(account.sid);
    if (existing && existing.client.usable && existing.user === account.user) return { entry: existing, reused: true };
    if (existing) this.discard(existing);
    const pending = this.opening.get(account.sid);
    if (pending) return { entry: await pending, reused: true };
    this.makeRoom(account.user);
    const opening = this.open(account).then((client) => this.register(account, client, false));
    this.opening.set(account.sid, opening);
    try {
      return { entry: await opening, reused: false };
    } finally {
      this.opening.delete(account.sid);
    }
  }

  /**
   * Runs `work` on the session's connection with a time limit. A connection that timed out or broke is
   * closed, so the next request starts clean; a read that found a reused connection dead is retried once.
   */
  async run<T>(account: Account, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const { entry, reused } = await this.acquire(account);
      entry.active++;
      entry.lastUsed = Date.now();
      try {
        return await withTimeout(work(entry.client), this.settings.commandTimeoutMs, () => this.discard(entry));
      } catch (raw) {
        const err = toMailError(raw);
        if (isConnectionFault(err)) this.discard(entry);
        if (err.code === 'unreachable' && reused && attempt === 0) continue;
        throw err;
      } finally {
        entry.active--;
        entry.lastUsed = Date.now();
        if (!entry.dedicated) this.armIdleTimer(entry);
      }
    }
  }

  /**
   * A short-lived connection of its own, for a long transfer (an attachment to a slow link) that must not hold
   * the session's connection. Counted against the per-user limit; `done` closes it.
   */
  async openDedicated(account: Account): Promise<{ client: ImapFlow; done: () => void }> {
    this.makeRoom(account.user);
    const client = await this.open(account);
    const entry = this.register(account, client, true);
    return {
      client,
      done: () => {
        this.forget(entry);
        client.logout().catch(() => client.close());
      },
    };
  }

  /** Sign-out: closes the session's connection. */
  async signOut(sid: string): Promise<void> {
    const entry = this.bySid.get(sid);
    if (!entry) return;
    this.forget(entry);
    await withTimeout(entry.client.logout(), this.settings.commandTimeoutMs, () => entry.client.close()).catch(() => entry.client.close());
  }

  /** True when the session has a live connection (for tests and diagnostics). */
  hasConnection(sid: string): boolean {
    return this.bySid.get(sid)?.client.usable === true;
  }

  async closeAll(): Promise<void> {
    const entries = [...this.bySid.values(), ...this.dedicated];
    entries.forEach((e) => this.forget(e));
    await Promise.all(entries.map((e) => e.client.logout().catch(() => e.client.close())));
  }
}

/** Rejects with MailError('timeout') after `ms`, calling `onTimeout` so the stuck connection is torn down. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new MailError('timeout', `no answer within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
