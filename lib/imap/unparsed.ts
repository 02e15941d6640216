// Lines from the server that imapflow's parser could not read, handed to whoever waits for them. imapflow 2.1.2
// refuses a sequence set right before ")" — exactly how an ESEARCH PARTIAL answer ends (`PARTIAL (1:50 7,3:5)`),
// RFC 5267 — and only logs the line (its first 1,024 bytes: a page of 50 UIDs fits). The pool's logger passes
// such lines here (lib/imap/pool.ts), so a command can read its answer itself.
import type { ImapFlow } from 'imapflow';

const waiting = new WeakMap<ImapFlow, (line: string) => void>();

/** While `work` runs, unparsed lines of `client` go to `onLine`. */
export async function withUnparsedLines<T>(client: ImapFlow, onLine: (line: string) => void, work: () => Promise<T>): Promise<T> {
  waiting.set(client, onLine);
  try {
    return await work();
  } finally {
    if (waiting.get(client) === onLine) waiting.delete(client);
  }
}

/** Called by the pool's logger with a server line the parser refused. */
export function unparsedLine(client: ImapFlow | undefined, line: string): void {
  if (client) waiting.get(client)?.(line);
}
