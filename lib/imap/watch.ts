// Live updates: one watching IMAP connection per signed-in user (not per tab), telling every open page of that
// user what changed. The connection SELECTs the folder the user looked at last and IDLEs there (NOOP every few
// seconds where the server has no IDLE); with QRESYNC an expunge names its UIDs. Where the server has NOTIFY
// (RFC 5465) it also reports the other folders' counts as they change (`* STATUS`); without it those are asked
// for (STATUS) now and then, for the folders the pages show and INBOX. A connection nobody listens to any more is
// closed after LINGER_MS; a process holds at most `maxUsers` of them, and refuses more (pages then stay as loaded).
import type { ImapFlow } from 'imapflow';
import type { ImapResponse } from 'imapflow/lib/handler/types.js';
import { decodePath } from 'imapflow/lib/tools.js';
import { log } from '@/lib/log.mjs';
import { existingProcessWide, processWide } from '@/lib/process-state';
import { toMailError } from './errors';
import { execOf } from './exec';
import { withTimeout, type Account, type ConnectionPool } from './pool';

/** What a page is told: its folder changed (a message came, flags changed, messages went), or a count elsewhere. */
export interface LiveEvent {
  folder: string;
  kind: 'new' | 'flags' | 'expunge' | 'counts';
  /** For `expunge` with QRESYNC (VANISHED), and `flags`: the UIDs concerned. */
  uids?: number[];
  /** For `new`: how many arrived. */
  count?: number;
}

/** An open page listening: its folder, the message it shows if any, and how to tell it. */
export interface Listener {
  /** The sign-in the page belongs to: its streams end when it signs out. */
  sid?: string;
  folder: string;
  uid?: number;
  send(event: LiveEvent | { folder: string; kind: 'gone'; uid: number }): void;
  /** The watching connection ended (the server closed it, or it failed): the page may ask again later. */
  end?(): void;
}

/** How long changes are gathered before they are told (a burst becomes one event per folder and kind). */
const GATHER_MS = 100;
const MAX_EVENT_UIDS = 100;
/** After a watching connection failed, the wait before another is opened for that user: doubling, up to the last. */
const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 15 * 60_000;

/** How long a watching connection stays after its last page went away (a reload, a click to the next page). */
const LINGER_MS = 30_000;
/** Without IDLE, how often the selected folder is asked for news (NOOP). */
const POLL_MS = 10_000;
/** Without NOTIFY, how often the other folders' counts are asked for (STATUS), and for how many at most. */
const STATUS_POLL_MS = 30_000;
const STATUS_POLL_MAX = 10;

interface Counts {
  messages?: number;
  unseen?: number;
  uidNext?: number;
}

class Watcher {
  private client: ImapFlow | null = null;
  private done: (() => void) | null = null;
  private readonly listeners = new Set<Listener>();
  private selected: string | null = null;
  private lingerTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private readonly counts = new Map<string, Counts>();
  private readonly pending = new Map<string, LiveEvent>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Folders whose open messages are to be looked for, after an EXPUNGE without UIDs. */
  private readonly toCheck = new Set<string>();
  /** Serializes the watcher's own commands (select, STATUS, the look-up of a message). */
  private queue: Promise<unknown> = Promise.resolve();
  closed = false;

  constructor(
    private readonly pool: ConnectionPool,
    private readonly account: Account,
    private readonly timing: Required<LiveTiming>,
    private readonly onClosed: (failed: boolean) => void,
  ) {}

  get listening(): number {
    return this.listeners.size;
  }

  add(listener: Listener): void {
    clearTimeout(this.lingerTimer);
    this.listeners.add(listener);
    // The folder looked at last is the one watched closely.
    this.enqueue(() => this.watchFolder(listener.folder));
  }

  endSession(sid: string): void {
    for (const l of [...this.listeners]) {
      if (l.sid !== sid) continue;
      this.remove(l);
      l.end?.();
    }
  }

  remove(listener: Listener): void {
    this.listeners.delete(listener);
    if (this.listeners.size > 0) {
      // The folder watched closely was that page's: the last page still open has it now.
      if (![...this.listeners].some((l) => l.folder === this.selected)) {
        const last = [...this.listeners].at(-1)!;
        this.enqueue(() => this.watchFolder(last.folder));
      }
      return;
    }
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => this.close('no page listens any more'), this.timing.lingerMs);
    this.lingerTimer.unref();
  }

  /**
   * Runs the watcher's own commands one at a time, each within the command time limit; none once it is closed.
   * A failure closes it (the pages reconnect later, within the registry's back-off).
   */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.closed ? undefined : withTimeout(work(), this.pool.commandTimeoutMs, () => undefined)))
      .catch((err) => {
        const e = toMailError(err);
        log.warn({ user: this.account.user, code: e.code, err: e.message }, 'live updates stopped: the watching connection failed');
        this.close('failed');
      });
  }

  private async connection(): Promise<ImapFlow> {
    if (this.client && this.client.usable) return this.client;
    const { client, done } = await this.pool.openDedicated(this.account, { watch: true });
    // Closed while it was opening: let it go at once.
    if (this.closed) {
      done();
      throw new Error('the watcher closed while its connection opened');
    }
    this.client = client;
    this.done = done;
    client.on('exists', (e: { path: string; count: number; prevCount: number }) => {
      if (e.count > e.prevCount) this.tell({ folder: e.path, kind: 'new', count: e.count - e.prevCount });
    });
    client.on('expunge', (e: { path: string; uid?: number; vanished?: boolean; earlier?: boolean }) => {
      // imapflow 2.1.2 lowers its EXISTS count on EXPUNGE but not on VANISHED: without this, the next new
      // message's `* n EXISTS` would look like no change.
      if (e.vanished && !e.earlier && client.mailbox && client.mailbox.path === e.path && client.mailbox.exists > 0) client.mailbox.exists--;
      this.tell({ folder: e.path, kind: 'expunge', ...(e.vanished && e.uid ? { uids: [e.uid] } : {}) });
      this.checkOpenMessages(e.path, e.vanished && e.uid ? [e.uid] : undefined);
    });
    client.on('flags', (e: { path: string; uid?: number }) => this.tell({ folder: e.path, kind: 'flags', ...(e.uid ? { uids: [e.uid] } : {}) }));
    client.on('close', () => this.close('the server closed the connection'));
    let notified = false;
    if (client.capabilities.has('NOTIFY')) {
      notified = await this.notify(client).then(
        () => true,
        (err) => {
          if (!client.usable) throw err;
          return false;
        },
      );
    }
    // Without NOTIFY, or refused: the other folders' counts are asked for now and then.
    if (!notified) this.pollStatus();
    return client;
  }

  /**
   * NOTIFY SET: the selected folder's new messages, expunges and flag changes as they happen, and every personal
   * folder's new and expunged messages as `* STATUS` lines (imapflow has no handler for those: added here).
   */
  private async notify(client: ImapFlow): Promise<void> {
    const handlers = (client as unknown as { untaggedHandlers: Record<string, (u: ImapResponse) => void> }).untaggedHandlers;
    handlers.STATUS = (untagged) => this.statusLine(client, untagged);
    const atoms = (...words: string[]) => words.map((value) => ({ type: 'ATOM' as const, value }));
    const done = await execOf(client)('NOTIFY', [
      { type: 'ATOM', value: 'SET' },
      [{ type: 'ATOM', value: 'selected' }, atoms('MessageNew', 'MessageExpunge', 'FlagChange')],
      [{ type: 'ATOM', value: 'personal' }, atoms('MessageNew', 'MessageExpunge', 'FlagChange')],
    ]);
    done.next();
  }

  /** `* STATUS "Projects" (MESSAGES 12 UIDNEXT 40 UNSEEN 3)`: a folder's counts changed. */
  private statusLine(client: ImapFlow, untagged: ImapResponse): void {
    const attrs = (untagged.attributes ?? []) as Array<{ value?: unknown } | Array<{ value?: unknown }>>;
    const name = (attrs[0] as { value?: unknown } | undefined)?.value;
    if (typeof name !== 'string') return;
    // Modified UTF-7 unless UTF8=ACCEPT is on: imapflow's own decoding.
    this.tell({ folder: name.toUpperCase() === 'INBOX' ? 'INBOX' : decodePath(client as never, name), kind: 'counts' });
  }

  /** SELECT the folder a page just opened (unless it is selected already); IDLE or polling goes on there. */
  private async watchFolder(folder: string): Promise<void> {
    const client = await this.connection();
    if (this.selected === folder && client.mailbox && client.mailbox.path === folder) return;
    try {
      await client.mailboxOpen(folder);
    } catch (err) {
      // A folder that cannot be opened (gone, a mistyped link) leaves the watch where it was (a failed SELECT
      // leaves none selected: the last one is opened again); its page says why.
      if (!client.usable) throw err;
      if (this.selected) await client.mailboxOpen(this.selected).catch(() => undefined);
      return;
    }
    this.selected = folder;
    if (!client.capabilities.has('IDLE')) this.pollSelected();
  }

  private pollSelected(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => this.enqueue(async () => void (await this.client?.noop())), this.timing.pollMs);
    this.pollTimer.unref();
  }

  /** Without NOTIFY: the counts of INBOX and of the folders pages show (but the selected one), now and then. */
  private pollStatus(): void {
    clearInterval(this.statusTimer);
    this.statusTimer = setInterval(
      () =>
        this.enqueue(async () => {
          const client = this.client;
          if (!client) return;
          const folders = [...new Set(['INBOX', ...[...this.listeners].map((l) => l.folder)])].filter((f) => f !== this.selected).slice(0, STATUS_POLL_MAX);
          for (const folder of folders) {
            const st = await client.status(folder, { messages: true, unseen: true, uidNext: true }).catch(() => null);
            if (!st) continue;
            const now: Counts = { messages: st.messages, unseen: st.unseen, uidNext: st.uidNext };
            const before = this.counts.get(folder);
            this.counts.set(folder, now);
            if (before && (before.messages !== now.messages || before.unseen !== now.unseen || before.uidNext !== now.uidNext)) this.tell({ folder, kind: 'counts' });
          }
        }),
      this.timing.statusPollMs,
    );
    this.statusTimer.unref();
  }

  /**
   * A message a page shows may be gone: by VANISHED, its UID is named; without QRESYNC an EXPUNGE names only a
   * sequence number, so the open messages of that folder are looked for (`UID SEARCH UID <them>`).
   */
  private checkOpenMessages(folder: string, vanished: number[] | undefined): void {
    const open = [...this.listeners].filter((l) => l.folder === folder && l.uid !== undefined);
    if (open.length === 0) return;
    if (vanished) {
      for (const l of open) if (vanished.includes(l.uid!)) l.send({ folder, kind: 'gone', uid: l.uid! });
      return;
    }
    // One look per folder however many EXPUNGEs came meanwhile.
    if (this.toCheck.has(folder)) return;
    this.toCheck.add(folder);
    this.enqueue(async () => {
      this.toCheck.delete(folder);
      const client = this.client;
      if (!client || !client.mailbox || client.mailbox.path !== folder) return;
      const still = [...this.listeners].filter((l) => l.folder === folder && l.uid !== undefined);
      const uids = [...new Set(still.map((l) => l.uid!))];
      if (uids.length === 0) return;
      const found = await client.search({ uid: uids.join(',') }, { uid: true });
      if (!found) return;
      for (const l of still) if (!found.includes(l.uid!)) l.send({ folder, kind: 'gone', uid: l.uid! });
    });
  }

  /**
   * Changes are gathered for a moment and told once per folder and kind (an emptied Trash is thousands of
   * VANISHED UIDs: one event, its UIDs up to a hundred).
   */
  private tell(event: LiveEvent): void {
    const key = `${event.kind}\u0000${event.folder}`;
    const had = this.pending.get(key);
    if (had) {
      if (event.count) had.count = (had.count ?? 0) + event.count;
      if (had.uids && event.uids) had.uids = [...had.uids, ...event.uids].slice(0, MAX_EVENT_UIDS + 1);
      else delete had.uids;
    } else this.pending.set(key, { ...event });
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), GATHER_MS);
      this.flushTimer.unref();
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    const events = [...this.pending.values()];
    this.pending.clear();
    for (const event of events) {
      if (event.uids && event.uids.length > MAX_EVENT_UIDS) delete event.uids;
      for (const l of this.listeners) {
        // A page hears of its own folder's changes; every page of any folder's counts (the tree, the title).
        if (event.kind === 'counts' || l.folder === event.folder) l.send(event);
      }
    }
  }

  close(why: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.lingerTimer);
    clearInterval(this.pollTimer);
    clearInterval(this.statusTimer);
    clearTimeout(this.flushTimer);
    log.info({ user: this.account.user, why }, 'live updates: watching connection closed');
    this.done?.();
    this.client = null;
    this.onClosed(why === 'failed');
    for (const l of this.listeners) l.end?.();
    this.listeners.clear();
  }
}

/** How often a watcher asks when the server does not tell by itself, and how long it outlives its last page. */
export interface LiveTiming {
  lingerMs?: number;
  pollMs?: number;
  statusPollMs?: number;
}

/** The watchers of this process, one per user. */
export class LiveRegistry {
  private readonly watchers = new Map<string, Watcher>();
  private readonly timing: Required<LiveTiming>;

  constructor(
    private readonly pool: ConnectionPool,
    private readonly maxUsers: number,
    timing: LiveTiming = {},
  ) {
    this.timing = { lingerMs: LINGER_MS, pollMs: POLL_MS, statusPollMs: STATUS_POLL_MS, ...timing };
  }

  /**
   * Users whose watching connection failed (a changed password, a server that refuses it): no new one for them
   * until then, doubling each time, so pages reconnecting do not hammer the server with LOGINs.
   */
  private readonly backoff = new Map<string, { until: number; delayMs: number }>();

  /** Users watched now (for the health page and tests). */
  get users(): number {
    return this.watchers.size;
  }

  /**
   * Starts telling `listener` what changes for `account`'s user; returns how to stop, or null when the process
   * watches as many users as it may (the page then goes without live updates).
   */
  listen(account: Account, listener: Listener): (() => void) | null {
    let w = this.watchers.get(account.user);
    if (!w || w.closed) {
      if (this.watchers.size >= this.maxUsers) return null;
      const wait = this.backoff.get(account.user);
      if (wait && Date.now() < wait.until) return null;
      w = new Watcher(this.pool, account, this.timing, (failed) => {
        if (this.watchers.get(account.user) === w) this.watchers.delete(account.user);
        if (!failed) return void this.backoff.delete(account.user);
        const delayMs = Math.min((this.backoff.get(account.user)?.delayMs ?? FIRST_BACKOFF_MS / 2) * 2, MAX_BACKOFF_MS);
        this.backoff.set(account.user, { until: Date.now() + delayMs, delayMs });
      });
      this.watchers.set(account.user, w);
    }
    const watcher = w;
    watcher.add(listener);
    return () => watcher.remove(listener);
  }

  closeAll(): void {
    for (const w of this.watchers.values()) w.close('shutting down');
  }

  /** A sign-in ended: its pages' streams end (on a shared machine no tab keeps hearing about the mail). */
  endSession(sid: string): void {
    for (const w of this.watchers.values()) w.endSession(sid);
  }
}

/** At sign-out (lib/imap/pool.ts): the session's streams end, if live updates ever started in this process. */
export function endLiveSession(sid: string): void {
  existingProcessWide<LiveRegistry>('liveRegistry')?.endSession(sid);
}

export function liveRegistry(pool: ConnectionPool, maxUsers: number): LiveRegistry {
  return processWide('liveRegistry', () => new LiveRegistry(pool, maxUsers));
}
