/**
 * A byte-counting TCP proxy between an IMAP client and the test Dovecot. It lets tests
 * assert what goes over the wire (bytes, commands) and inject faults (dropped connections,
 * a server that stops answering).
 *
 * Commands are recorded from the client→server stream as text with the tag stripped:
 * `UID FETCH 1:50 (UID FLAGS)`; literals appear as their `{N}` marker only (their bytes are
 * skipped), LOGIN passwords and AUTHENTICATE responses are redacted. After STARTTLS or
 * COMPRESS the stream is opaque and no more commands are recorded.
 */
import net from 'node:net';

export interface ProxyStats {
  /** Bytes forwarded to clients (dropped blackhole bytes are not counted). */
  bytesFromServer: number;
  bytesToServer: number;
  /** Client connections accepted since start or the last reset(). */
  connections: number;
  /** Client connections open right now. */
  activeConnections: number;
  commands: string[];
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
  close(): Promise<void>;
}

const MAX_COMMANDS = 10_000;
const MAX_LINE = 16 * 1024;

/** Redact secrets in a tag-stripped command. */
export function redactCommand(cmd: string): string {
  const login = /^(LOGIN\s+)("(?:[^"\\]|\\.)*"|\{\d+[+-]?\}|[^\s]+)(\s+.*)?$/i.exec(cmd);
  if (login) return `${login[1]}${login[2]} "***"`;
  const auth = /^(AUTHENTICATE\s+\S+)\s+\S+/i.exec(cmd);
  if (auth) return `${auth[1]} ***`;
  return cmd;
}

/** Incremental parser of the client→server byte stream into command strings. */
class CommandParser {
  private lineParts: Buffer[] = [];
  private lineLen = 0;
  private pending = '';
  private literalRemaining = 0;
  private opaque = false;

  constructor(private readonly emit: (cmd: string) => void) {}

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length && !this.opaque) {
      if (this.literalRemaining > 0) {
        const take = Math.min(this.literalRemaining, chunk.length - i);
        this.literalRemaining -= take;
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
        // The command goes on after the literal's bytes.
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
    if (sp === -1) {
      // Not a command: IDLE's DONE, or a SASL response during AUTHENTICATE.
      this.emit(full.toUpperCase() === 'DONE' ? 'DONE' : '(continuation redacted)');
      return;
    }
    const cmd = redactCommand(full.slice(sp + 1));
    this.emit(cmd);
    // TLS or compression make the rest unreadable to us.
    if (/^(STARTTLS|COMPRESS)\b/i.test(cmd)) this.opaque = true;
  }
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  clientBlocked: boolean;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  let bytesFromServer = 0;
  let bytesToServer = 0;
  let connections = 0;
  let commands: string[] = [];
  let paused = false;
  let blackholed = false;
  const pairs = new Set<Pair>();

  // Server → client flow: stopped while paused or while the client can't keep up.
  const updateFlow = (p: Pair) => {
    if (blackholed) p.server.resume();
    else if (paused || p.clientBlocked) p.server.pause();
    else p.server.resume();
  };

  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect({ host: target.host, port: target.port });
    const pair: Pair = { client, server: upstream, clientBlocked: false };
    pairs.add(pair);
    const parser = new CommandParser((cmd) => {
      if (commands.length < MAX_COMMANDS) commands.push(cmd);
    });

    client.on('data', (chunk: Buffer) => {
      bytesToServer += chunk.length;
      parser.feed(chunk);
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (blackholed) return;
      bytesFromServer += chunk.length;
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
      if (!client.writableEnded) client.destroy();
      if (!upstream.writableEnded) upstream.destroy();
      pairs.delete(pair);
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
    stats: () => ({ bytesFromServer, bytesToServer, connections, activeConnections: pairs.size, commands: [...commands] }),
    reset() {
      bytesFromServer = 0;
      bytesToServer = 0;
      connections = 0;
      commands = [];
    },
    dropAll() {
      for (const p of pairs) {
        p.client.destroy();
        p.server.destroy();
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
    close() {
      return new Promise<void>((resolve) => {
        for (const p of pairs) {
          p.client.destroy();
          p.server.destroy();
        }
        pairs.clear();
        server.close(() => resolve());
      });
    },
  };
}
