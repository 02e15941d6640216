/**
 * A byte-counting TCP proxy between an IMAP client and the test Dovecot. It lets tests
 * assert what goes over the wire (bytes, commands) and inject faults (dropped connections,
 * a server that stops answering).
 *
 * Commands are recorded from the client→server stream as text with the tag stripped:
 * `UID FETCH 1:50 (UID FLAGS)`; literals appear as their `{N}` marker only (their bytes are
 * skipped), LOGIN passwords and AUTHENTICATE responses are redacted. After STARTTLS the stream is opaque and no
 * more commands are recorded. After COMPRESS DEFLATE (RFC 4978) is accepted, the client's stream is inflated to read
 * its commands on; the bytes counted stay those on the wire, and `bytesFromServerInflated` says what they carried.
 *
 * Each connection is also listed with the user it signed in as (the username of a LOGIN, or of an AUTHENTICATE
 * PLAIN response, once the server answered OK; never the password) and whether it is still open, so a test can
 * follow one session's connection rather than count all of them.
 */
import net from 'node:net';
import zlib from 'node:zlib';

export interface ProxyConnection {
  /** 1, 2, … in the order connections were accepted (not reset by reset()). */
  id: number;
  /** The username the client signed in as, once the server accepted it; null before (or if it never did). */
  user: string | null;
  open: boolean;
}

export interface ProxyStats {
  /** Bytes forwarded to clients (dropped blackhole bytes are not counted), as on the wire. */
  bytesFromServer: number;
  /** The same once inflated: equal to bytesFromServer on connections without COMPRESS. */
  bytesFromServerInflated: number;
  bytesToServer: number;
  /** Client connections that switched to COMPRESS DEFLATE since start or the last reset(). */
  compressedConnections: number;
  /** Client connections accepted since start or the last reset(). */
  connections: number;
  /** Client connections open right now. */
  activeConnections: number;
  commands: string[];
  /** Every open client connection, and those closed since start or the last reset(), oldest first. */
  connectionLog: ProxyConnection[];
}

export interface CountingProxy {
  host: '127.0.0.1';
  port: number;
  stats(): ProxyStats;
  /** Zero the counters and forget the recorded commands (open connections stay). */
  reset(): void;
  /** Destroy every current client and server socket (to test reconnects). */
  dropAll(): void;
  /** Hold server data (TCP backpressure) until unpaused; nothing is lost. */
  setPaused(paused: boolean): void;
  /** Discard server data while on, so requests never get an answer (to test timeouts). */
  blackhole(on: boolean): void;
  /**
   * Hold each client command matching `pattern` (tag stripped, e.g. /^STATUS "?INBOX\.Projects/) for `ms` before
   * the server sees it, and what the client sends after it too (order is kept): a slow server, for that command.
   * `null` stops delaying.
   */
  delay(pattern: RegExp | null, ms?: number): void;
  close(): Promise<void>;
}

const MAX_COMMANDS = 10_000;
const MAX_LINE = 16 * 1024;
/** Closed connections kept in the log at most (open ones are always listed). */
const MAX_CLOSED_CONNECTIONS = 1_000;
/** The longest username literal (LOGIN {n}) read for the connection log. */
const MAX_USER_LITERAL = 1024;

/** Redact secrets in a tag-stripped command. */
export function redactCommand(cmd: string): string {
  const login = /^(LOGIN\s+)("(?:[^"\\]|\\.)*"|\{\d+[+-]?\}|[^\s]+)(\s+.*)?$/i.exec(cmd);
  if (login) return `${login[1]}${login[2]} "***"`;
  const auth = /^(AUTHENTICATE\s+\S+)\s+\S+/i.exec(cmd);
  if (auth) return `${auth[1]} ***`;
  return cmd;
}

/** The first argument of a LOGIN (after the command name): a quoted string or an atom; null for a literal. */
function loginUser(args: string): string | null {
  const quoted = /^"((?:[^"\\]|\\.)*)"/.exec(args);
  if (quoted) return quoted[1].replace(/\\(.)/g, '$1');
  const atom = /^([^\s{"]\S*)/.exec(args);
  return atom ? atom[1] : null;
}

/** The authentication identity in a SASL PLAIN response (base64 of authzid NUL authcid NUL password). */
function plainUser(base64: string): string | null {
  if (!/^[A-Za-z0-9+/]+=*$/.test(base64)) return null;
  const parts = Buffer.from(base64, 'base64').toString('utf8').split('\0');
  return parts.length === 3 && parts[1] ? parts[1] : null;
}

/** Incremental parser of the client→server byte stream into command strings. */
class CommandParser {
  private lineParts: Buffer[] = [];
  private lineLen = 0;
  private pending = '';
  private literalRemaining = 0;
  private opaque = false;
  /** The bytes of a LOGIN's username literal, kept until the command completes. */
  private userLiteral: Buffer[] | null = null;
  private userLiteralLen = 0;
  /** True only while the username literal itself is read (never the password literal after it). */
  private readingUser = false;
  /** The tag of an AUTHENTICATE PLAIN sent without an initial response: its response line comes next. */
  private plainTag: string | null = null;

  /**
   * `emit` gets each command (tag stripped, secrets redacted); `login` the tag and username of each LOGIN or
   * AUTHENTICATE PLAIN, for the connection log (the password is never passed on).
   */
  constructor(
    private readonly emit: (cmd: string) => void,
    private readonly login: (tag: string, user: string) => void = () => {},
    private readonly compress: (tag: string) => void = () => {},
  ) {}

  /** COMPRESS was accepted: what follows is readable again, once inflated (the client sent nothing meanwhile). */
  resume(): void {
    this.opaque = false;
  }

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.opaque) {
      if (this.literalRemaining > 0) {
        const take = Math.min(this.literalRemaining, chunk.length - i);
        if (this.readingUser && this.userLiteral && this.userLiteralLen < MAX_USER_LITERAL) {
          const part = chunk.subarray(i, i + Math.min(take, MAX_USER_LITERAL - this.userLiteralLen));
          this.userLiteral.push(part);
          this.userLiteralLen += part.length;
        }
        this.literalRemaining -= take;
        if (this.literalRemaining === 0) this.readingUser = false;
        i += take;
        continue;
      }
      const lf = chunk.indexOf(10, i);
      const end = lf === -1 ? chunk.length : lf;
      if (this.lineLen < MAX_LINE) {
        const part = chunk.subarray(i, Math.min(end, i + MAX_LINE - this.lineLen));
        this.lineParts.push(part);
        this.lineLen += part.length;
      }
      if (lf === -1) return;
      i = lf + 1;
      const line = Buffer.concat(this.lineParts).toString('utf8').replace(/\r$/, '');
      this.lineParts = [];
      this.lineLen = 0;
      const lit = /~?\{(\d+)[+-]?\}$/.exec(line);
      if (lit) {
        // The command goes on after the literal's bytes. A LOGIN's first literal is its username.
        // Only this first literal is read; a later one (the password) is skipped, never kept.
        this.readingUser = this.pending === '' && /^\S+ LOGIN \{\d+[+-]?\}$/i.test(line);
        if (this.readingUser) {
          this.userLiteral = [];
          this.userLiteralLen = 0;
        }
        this.pending += line;
        this.literalRemaining = Number(lit[1]);
        continue;
      }
      this.complete(this.pending + line);
      this.pending = '';
    }
  }

  private complete(full: string): void {
    const sp = full.indexOf(' ');
    const literalUser = this.userLiteral ? Buffer.concat(this.userLiteral).toString('utf8') : null;
    this.userLiteral = null;
    if (sp === -1) {
      // Not a command: IDLE's DONE, or a SASL response during AUTHENTICATE.
      if (this.plainTag !== null) {
        const user = plainUser(full);
        if (user) this.login(this.plainTag, user);
        this.plainTag = null;
      }
      this.emit(full.toUpperCase() === 'DONE' ? 'DONE' : '(continuation redacted)');
      return;
    }
    const tag = full.slice(0, sp);
    const rest = full.slice(sp + 1);
    const login = /^LOGIN\s+(.*)$/is.exec(rest);
    if (login) {
      const user = literalUser ?? loginUser(login[1]);
      if (user) this.login(tag, user);
    }
    const plain = /^AUTHENTICATE\s+PLAIN(?:\s+(\S+))?\s*$/i.exec(rest);
    if (plain) {
      const user = plain[1] && plain[1] !== '=' ? plainUser(plain[1]) : null;
      if (user) this.login(tag, user);
      else if (!plain[1] || plain[1] === '=') this.plainTag = tag;
    }
    const cmd = redactCommand(rest);
    this.emit(cmd);
    // TLS makes the rest unreadable to us; compression until the server has answered (see resume()).
    if (/^(STARTTLS|COMPRESS)\b/i.test(cmd)) this.opaque = true;
    if (/^COMPRESS\s+DEFLATE\s*$/i.test(cmd)) this.compress(tag);
  }
}

/**
 * Watches the server→client stream of one connection for the tagged answer to a command (a LOGIN or AUTHENTICATE,
 * so the connection's user is recorded only once the server accepted it; a COMPRESS). Reads lines only while such
 * an answer is due. `feed` returns where in the chunk an accepted COMPRESS's OK line ends (the server's deflated
 * bytes begin there), or -1.
 */
class TaggedWatcher {
  private awaiting: { tag: string; accepted: () => void; compress: boolean } | null = null;
  private line = '';

  expect(tag: string, accepted: () => void, compress = false): void {
    this.awaiting = { tag, accepted, compress };
    this.line = '';
  }

  feed(chunk: Buffer): number {
    if (!this.awaiting) return -1;
    const text = this.line + chunk.toString('latin1');
    const carried = this.line.length;
    const lines = text.split('\n');
    this.line = (lines.pop() ?? '').slice(-MAX_LINE);
    let end = 0;
    for (const l of lines) {
      end += l.length + 1;
      if (!this.awaiting) return -1;
      const { tag, accepted, compress } = this.awaiting;
      if (!l.startsWith(`${tag} `)) continue;
      this.awaiting = null;
      this.line = '';
      if (/^\S+ OK\b/i.test(l)) {
        accepted();
        if (compress) return end - carried;
      }
    }
    return -1;
  }
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  clientBlocked: boolean;
  log: ProxyConnection;
}

/**
 * With `proxyProtocol`, each upstream connection begins with a PROXY protocol v1 line saying the client comes from
 * `source` to `destination` (for a Dovecot listener with `haproxy = yes`, rig/dovecot.ts DovecotOptions).
 */
export async function startCountingProxy(target: { host: string; port: number; proxyProtocol?: { source: string; destination: string } }): Promise<CountingProxy> {
  let bytesFromServer = 0;
  let bytesFromServerInflated = 0;
  let bytesToServer = 0;
  let compressedConnections = 0;
  let connections = 0;
  let commands: string[] = [];
  let paused = false;
  let blackholed = false;
  let delayed: { pattern: RegExp; ms: number } | null = null;
  const pairs = new Set<Pair>();
  let nextId = 1;
  let connectionLog: ProxyConnection[] = [];

  // Server → client flow: stopped while paused or while the client can't keep up.
  const updateFlow = (p: Pair) => {
    if (blackholed) p.server.resume();
    else if (paused || p.clientBlocked) p.server.pause();
    else p.server.resume();
  };

  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect({ host: target.host, port: target.port });
    if (target.proxyProtocol) upstream.write(`PROXY TCP4 ${target.proxyProtocol.source} ${target.proxyProtocol.destination} ${client.remotePort ?? 40000} ${target.port}\r\n`);
    const log: ProxyConnection = { id: nextId++, user: null, open: true };
    connectionLog.push(log);
    const closed = connectionLog.filter((c) => !c.open);
    if (closed.length > MAX_CLOSED_CONNECTIONS) {
      const drop = new Set(closed.slice(0, closed.length - MAX_CLOSED_CONNECTIONS));
      connectionLog = connectionLog.filter((c) => !drop.has(c));
    }
    const pair: Pair = { client, server: upstream, clientBlocked: false, log };
    pairs.add(pair);
    const watcher = new TaggedWatcher();
    let holdMs = 0;
    // Once COMPRESS is accepted: the client's stream inflated for the parser, the server's only to count what it carried.
    let clientInflate: zlib.InflateRaw | null = null;
    let serverInflate: zlib.InflateRaw | null = null;
    const parser = new CommandParser(
      (cmd) => {
        if (commands.length < MAX_COMMANDS) commands.push(cmd);
        if (delayed?.pattern.test(cmd)) holdMs = Math.max(holdMs, delayed.ms);
      },
      (tag, user) => watcher.expect(tag, () => (log.user = user)),
      (tag) =>
        watcher.expect(
          tag,
          () => {
            compressedConnections++;
            clientInflate = zlib.createInflateRaw();
            clientInflate.on('data', (d: Buffer) => parser.feed(d));
            clientInflate.on('error', () => {});
            serverInflate = zlib.createInflateRaw();
            serverInflate.on('data', (d: Buffer) => (bytesFromServerInflated += d.length));
            serverInflate.on('error', () => {});
            parser.resume();
          },
          true,
        ),
    );
    /** Parse a compressed client chunk: resolves once the parser has seen what it inflates to. */
    const readInflated = (inflate: zlib.InflateRaw, chunk: Buffer) =>
      new Promise<void>((resolve) => {
        inflate.write(chunk);
        inflate.flush(zlib.constants.Z_SYNC_FLUSH, () => resolve());
      });
    const wait = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : undefined);

    // Client data goes on in order; a delayed command holds back what follows it. A clear chunk is parsed as it
    // arrives; a compressed one once inflated, before it goes on.
    let sending = Promise.resolve();
    const forward = (chunk: Buffer) => {
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    };
    client.on('data', (chunk: Buffer) => {
      bytesToServer += chunk.length;
      const inflate = clientInflate;
      if (inflate) {
        sending = sending
          .then(() => {
            holdMs = 0;
            return readInflated(inflate, chunk);
          })
          .then(() => wait(holdMs))
          .then(() => forward(chunk));
        return;
      }
      holdMs = 0;
      parser.feed(chunk);
      const ms = holdMs;
      sending = sending.then(() => wait(ms)).then(() => forward(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (blackholed) return;
      bytesFromServer += chunk.length;
      if (serverInflate) {
        serverInflate.write(chunk);
      } else {
        const switchAt = watcher.feed(chunk);
        bytesFromServerInflated += switchAt < 0 ? chunk.length : switchAt;
        if (switchAt >= 0 && switchAt < chunk.length) (serverInflate as zlib.InflateRaw | null)?.write(chunk.subarray(switchAt));
      }
      if (!client.write(chunk)) {
        pair.clientBlocked = true;
        updateFlow(pair);
        client.once('drain', () => {
          pair.clientBlocked = false;
          updateFlow(pair);
        });
      }
    });
    updateFlow(pair);

    // Half-close passes through; errors and closes tear down the other side.
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    const onClose = () => {
      clientInflate?.destroy();
      serverInflate?.destroy();
      if (!client.writableEnded) client.destroy();
      if (!upstream.writableEnded) upstream.destroy();
      pairs.delete(pair);
      log.open = false;
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    host: '127.0.0.1',
    port,
    stats: () => ({
      bytesFromServer,
      bytesFromServerInflated,
      bytesToServer,
      compressedConnections,
      connections,
      activeConnections: pairs.size,
      commands: [...commands],
      connectionLog: connectionLog.map((c) => ({ ...c })),
    }),
    reset() {
      bytesFromServer = 0;
      bytesFromServerInflated = 0;
      bytesToServer = 0;
      compressedConnections = 0;
      connections = 0;
      commands = [];
      connectionLog = connectionLog.filter((c) => c.open);
    },
    dropAll() {
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
        p.log.open = false;
      }
      pairs.clear();
    },
    setPaused(on: boolean) {
      paused = on;
      for (const p of pairs) updateFlow(p);
    },
    blackhole(on: boolean) {
      blackholed = on;
      for (const p of pairs) updateFlow(p);
    },
    delay(pattern: RegExp | null, ms = 0) {
      delayed = pattern ? { pattern, ms } : null;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.server.destroy();
          p.log.open = false;
        }
        pairs.clear();
        server.close(() => resolve());
      });
    },
  };
}
