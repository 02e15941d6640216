// How many times a connection has heard a folder change while it was selected (new messages, expunges): a kept
// result (a search's matches, a folder's threads) holds only while this has not moved. EXISTS and UIDNEXT alone can
// hide a change: a message moved out and another come in leave EXISTS as it was, and imapflow learns a new
// UIDNEXT only at SELECT.
import type { ImapFlow } from 'imapflow';

const heard = new WeakMap<ImapFlow, Map<string, number>>();

export function changesHeard(client: ImapFlow, path: string): number {
  let counts = heard.get(client);
  if (!counts) {
    const mine = new Map<string, number>();
    counts = mine;
    heard.set(client, mine);
    const bump = (e: { path?: string }) => {
      if (e.path) mine.set(e.path, (mine.get(e.path) ?? 0) + 1);
    };
    client.on('exists', bump);
    client.on('expunge', bump);
  }
  return counts.get(path) ?? 0;
}
