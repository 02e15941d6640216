// imapflow's own command runner, for the commands it has no method for (METADATA, CATENATE, GENURLAUTH): it
// compiles the attributes (literals included) and parses the answers as it does for its own commands.
import type { ImapFlow } from 'imapflow';
import type { ImapCompileNode, ImapResponse } from 'imapflow/lib/handler/types.js';
import { MailError } from './errors';

export type Exec = (command: string, attributes: ImapCompileNode[], options?: { untagged?: Record<string, (untagged: ImapResponse) => Promise<void>> }) => Promise<{ next(): void; response: ImapResponse }>;

export function execOf(client: ImapFlow): Exec {
  const exec = (client as unknown as { exec?: Exec }).exec;
  if (typeof exec !== 'function') throw new MailError('server', 'this imapflow has no command runner (exec)');
  return exec.bind(client);
}
