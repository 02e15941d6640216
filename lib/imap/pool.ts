// The IMAP connections of this process: one live connection per signed-in session, opened lazily,
// reused across requests, closed when idle, on sign-out, or when the server drops it.
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import { log } from '@/lib/log.mjs';
import { explainConnectFailure, speaksImplicitTls } from './diagnose';
import { MailError, isConnectionFault, toMailError } from './errors';
import { adoptNamespaces } from './namespaces';
import { forgetSearches, type SearchLimits } from './search';
import { unparsedLine } from './unparsed';
import { endLiveSession } from './watch';

/** A watching connection renews its IDLE this often (servers end an IDLE after 30 minutes; NATs sooner). */
const WATCH_IDLE_RENEW_MS = 4 * 60_000;

/** How long a new connection waits for the server's greeting at most. */
const GREETING_LIMIT_MS = 5000;

export interface ImapServer {
  host: string;
  port: number;
  secure: 'tls' | 'starttls' | 'none';
  rejectUnauthorized: boolean;
  /** PEM of extra CAs to trust (the school's own); the system's stay trusted too. */
  ca?: string;
}

export interface PoolSettings {
  server: ImapServer;
  idleTimeoutMs: number;
  commandTimeoutMs: number;
  /** A search's limits (lib/imap/search.ts); without them a search has the command time limit for all of it. */
  search?: SearchLimits;
  maxConnections: number;
  maxConnectionsPerUser: number;
}

/**
 * A shorter time limit for an operation whose answer is optional (unread counts): on timeout the caller goes on
 * without it, and with `keepOnTimeout` the connection stays (a slow answer is still an answer, just late).
 */
export interface RunLimit {
  timeoutMs?: number;
  keepOnTimeout?: boolean;
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
  /** Operations on one connection run one at a time; this is the tail of that line. */
  queue: Promise<void>;
}

const lastRefusal = new WeakMap<ImapFlow, string>();

/**
 * An option of ours (patches/imapflow+2.1.2.patch, applied at install by patch-package): the logger below drops
 * trace and debug lines, so imapflow need not compile every server response back to text for them, as it otherwise
 * does (about a tenth of the CPU of a list page view).
 */
const QUIET_RESPONSES = { logResponses: false };

/**
 * imapflow's logger, silent but for two things: the response code of a command the server refused (its MOVE and
 * COPY answer a refusal with `false` only, and log it; the code, OVERQUOTA…, is what the user needs to hear), and
 * a server line its parser refused (lib/imap/unparsed.ts).
 */
function refusalRecorder(record: (code: string) => void, unparsed: (line: string) => void) {
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: quiet,
    info: quiet,
    error: (entry: unknown) => {
      const e = entry as { src?: unknown; msg?: unknown; err?: { code?: unknown } } | undefined;
      if (e?.src === 's' && typeof e.msg === 'string' && typeof e.err?.code === 'string' && e.err.code.startsWith('ParserError')) unparsed(e.msg);
    },
    fatal: quiet,
    warn: (entry: unknown) => {
      const code = (entry as { err?: { serverResponseCode?: unknown } } | undefined)?.err?.serverResponseCode;
      if (typeof code === 'string') record(code.toUpperCase());
    },
  };
}

/** The response code of the last command the server refused on this connection (OVERQUOTA, TRYCREATE…), taken once. */
export function takeRefusal(client: ImapFlow): string | undefined {
  const code = lastRefusal.get(client);
  lastRefusal.delete(client);
  return code;
}

export class ConnectionPool {
  private readonly bySid = new Map<string, Entry>();
  private readonly dedicated = new Set<Entry>();
  private readonly opening = new Map<string, { user: string; entry: Promise<Entry> }>();
  /** Dedicated connections still logging in, per user: counted against the limits like open ones. */
  private readonly openingDedicated = new Map<string, number>();

  constructor(private readonly settings: PoolSettings) {}

  /** How long a search may take: each SEARCH, and one page of results. */
  get searchLimits(): SearchLimits {
    return this.settings.search ?? { commandMs: this.settings.commandTimeoutMs, pageMs: this.settings.commandTimeoutMs / 4 };
  }

  /** The time limit of one IMAP operation (a download applies it to each chunk). */
  get commandTimeoutMs(): number {
    return this.settings.commandTimeoutMs;
  }

  get size(): number {
    let pendingDedicated = 0;
    for (const n of this.openingDedicated.values()) pendingDedicated += n;
    return this.bySid.size + this.dedicated.size + this.opening.size + pendingDedicated;
  }

  private countFor(user: string): number {
    let n = this.openingDedicated.get(user) ?? 0;
    for (const e of this.bySid.values()) if (e.user === user) n++;
    for (const e of this.dedicated) if (e.user === user) n++;
    for (const o of this.opening.values()) if (o.user === user) n++;
    return n;
  }

  /**
   * Opens a connection and LOGINs; throws MailError('auth') on bad credentials. A `watch` connection (live
   * updates, lib/imap/watch.ts) IDLEs whenever it is not busy and asks for QRESYNC (expunges named by UID).
   */
  private async open(account: Account, opts: { watch?: boolean } = {}): Promise<ImapFlow> {
    const { server, commandTimeoutMs, idleTimeoutMs } = this.settings;
    const owner: { client?: ImapFlow } = {};
    const client = new ImapFlow({
      ...QUIET_RESPONSES,
      host: server.host,
      port: server.port,
      secure: server.secure === 'tls',
      doSTARTTLS: server.secure === 'starttls' ? true : server.secure === 'none' ? false : undefined,
      tls: { rejectUnauthorized: server.rejectUnauthorized, ...(server.ca ? { ca: [...tls.rootCertificates, server.ca] } : {}) },
      auth: { user: account.user, pass: account.password },
      logger: refusalRecorder(
        (code) => owner.client && lastRefusal.set(owner.client, code),
        (line) => unparsedLine(owner.client, line),
      ),
      // Updates are discovered with NOOP when a page reuses a selected folder; IDLE would hold the line. The
      // watching connection does nothing else: it IDLEs.
      disableAutoIdle: !opts.watch,
      ...(opts.watch ? { qresync: true, maxIdleTime: WATCH_IDLE_RENEW_MS, autoIdleDelay: 100 } : {}),
      connectionTimeout: commandTimeoutMs,
      // A server greets at once; silence means a TLS/plain mismatch (or a dead server): say so in seconds.
      greetingTimeout: Math.min(commandTimeoutMs, GREETING_LIMIT_MS),
      // The socket outlives our own idle timer, so we close it first, politely.
      socketTimeout: idleTimeoutMs + 60_000,
      clientInfo: { name: 'Feather' },
    });
    owner.client = client;
    // imapflow emits 'error' on socket faults; an unheard 'error' would crash the process.
    client.on('error', () => {});
    try {
      await withTimeout(client.connect(), commandTimeoutMs * 2, () => client.close());
    } catch (err) {
      const capabilities = new Map(client.capabilities);
      client.close();
      const silent = (err as { code?: string }).code === 'GREETING_TIMEOUT' && server.secure !== 'tls';
      const e = explainConnectFailure({ err, server, capabilities, implicitTls: silent ? await speaksImplicitTls(server) : undefined });
      // The administrator's line; the user reads only the table's message.
      if (e.code === 'server-setup') log.error({ code: e.code, imap: `${server.host}:${server.port}`, secure: server.secure }, `Feather cannot use the IMAP server ${e.message}`);
      throw e;
    }
    adoptNamespaces(client);
    return client;
  }

  /** Signs in: opens a connection with the given credentials and keeps it for the session `sid`. */
  async signIn(account: Account): Promise<void> {
    await this.openSession(account);
  }

  /** Opens the session's own connection; concurrent callers for one sid share the one being opened. */
  private async openSession(account: Account): Promise<Entry> {
    const pending = this.opening.get(account.sid);
    if (pending) return pending.entry;
    this.makeRoom(account.user, account.sid);
    const entry = this.open(account).then((client) => this.register(account, client, false));
    this.opening.set(account.sid, { user: account.user, entry });
    try {
      return await entry;
    } finally {
      this.opening.delete(account.sid);
    }
  }

  private register(account: Account, client: ImapFlow, dedicated: boolean): Entry {
    const entry: Entry = { sid: account.sid, user: account.user, client, active: 0, lastUsed: Date.now(), dedicated, queue: Promise.resolve() };
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

  /**
   * Makes room for one more connection of `user`, closing idle session connections (least recently used first)
   * if a limit is reached. The connection of `keepSid` is never the one closed; nor is one in use.
   */
  private makeRoom(user: string, keepSid: string) {
    const evictFrom = (candidates: Entry[]) => {
      const idle = candidates.filter((e) => e.active === 0 && e.sid !== keepSid).sort((a, b) => a.lastUsed - b.lastUsed)[0];
      if (!idle) throw new MailError('busy', `connection limit reached for ${user}`);
      this.discard(idle);
    };
    if (this.countFor(user) >= this.settings.maxConnectionsPerUser) evictFrom([...this.bySid.values()].filter((e) => e.user === user));
    if (this.size >= this.settings.maxConnections) evictFrom([...this.bySid.values()]);
  }

  private async acquire(account: Account): Promise<{ entry: Entry; reused: boolean }> {
    const existing = this.bySid.get(account.sid);
    if (existing && existing.client.usable && existing.user === account.user) return { entry: existing, reused: true };
    if (existing) this.discard(existing);
    const pending = this.opening.get(account.sid);
    if (pending) return { entry: await pending.entry, reused: true };
    return { entry: await this.openSession(account), reused: false };
  }

  /**
   * Runs `task` when the connection's earlier operations are done. Waiting has its own, longer limit, and giving
   * up on the wait leaves the connection alone: only the operation that is actually stuck tears it down.
   */
  private async inTurn<T>(entry: Entry, task: () => Promise<T>): Promise<T> {
    const before = entry.queue;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    entry.queue = before.then(() => mine);
    try {
      await withTimeout(before, this.settings.commandTimeoutMs * 3, () => undefined);
      return await task();
    } finally {
      done();
    }
  }

  /**
   * Runs `work` on the session's connection with a time limit. A connection that timed out or broke is
   * closed, so the next request starts clean; a read that found a reused connection dead is retried once.
   */
  async run<T>(account: Account, work: (client: ImapFlow) => Promise<T>, limit: RunLimit = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const { entry, reused } = await this.acquire(account);
      entry.active++;
      entry.lastUsed = Date.now();
      try {
        const ms = limit.timeoutMs ?? this.settings.commandTimeoutMs;
        const onTimeout = limit.keepOnTimeout ? () => undefined : () => this.discard(entry);
        // The time limit starts when the operation gets its turn, not while it queues behind others.
        return await this.inTurn(entry, () => withTimeout(work(entry.client), ms, onTimeout));
      } catch (raw) {
        const err = toMailError(raw);
        const broken = !entry.client.usable;
        if (isConnectionFault(err) && broken) this.discard(entry);
        // A reused connection that turns out dead (the server dropped it while idle) is replaced once, quietly.
        if ((err.code === 'unreachable' || broken) && reused && attempt === 0 && err.code !== 'timeout') {
          this.discard(entry);
          continue;
        }
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
  async openDedicated(account: Account, opts: { watch?: boolean } = {}): Promise<{ client: ImapFlow; done: () => void }> {
    this.makeRoom(account.user, account.sid);
    const user = account.user;
    this.openingDedicated.set(user, (this.openingDedicated.get(user) ?? 0) + 1);
    let client: ImapFlow;
    try {
      client = await this.open(account, opts);
    } finally {
      const left = (this.openingDedicated.get(user) ?? 1) - 1;
      if (left > 0) this.openingDedicated.set(user, left);
      else this.openingDedicated.delete(user);
    }
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
    forgetSearches(sid);
    endLiveSession(sid);
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
