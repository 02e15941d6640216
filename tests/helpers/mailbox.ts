// Looking into a mailbox the way another mail program would, for tests that send or store mail: delivery over
// LMTP is quick, not instant, so the messages are waited for (up to 10 s).
import type { ImapFlow } from 'imapflow';

/**
 * The sources of the messages in `folder` whose subject contains `subject` (not marked \Deleted), once there are
 * `want` of them; with `want` 0, whatever is there after two seconds (to show that none came: LMTP delivery takes
 * well under that here).
 */
export async function messagesWith(client: ImapFlow, folder: string, subject: string, want = 1): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const lock = await client.getMailboxLock(folder);
    try {
      // A folder this connection has selected already learns of new and expunged messages with NOOP.
      await client.noop();
      const uids = (await client.search({ header: { subject }, deleted: false }, { uid: true })) || [];
      if (uids.length >= want && (want > 0 || i >= 20)) {
        const out: string[] = [];
        for (const uid of uids) {
          const m = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (m && m.source) out.push(m.source.toString());
        }
        return out;
      }
    } finally {
      lock.release();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}
