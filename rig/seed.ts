/**
 * Fill a private Dovecot (rig/dovecot.ts) with mail by writing maildir files directly:
 * far faster than APPEND. Every message is built by nodemailer's MailComposer except the
 * legacy-charset ones (nodemailer only writes UTF-8), which are raw bytes.
 *
 *   npx tsx rig/seed.ts [--data DIR] [--port N] [--user U] [--inbox N] [--big N] [--fixtures]
 *
 * Seeds the demo mailbox (or, with --fixtures, the test fixtures) for U (default `student`)
 * into the instance of DIR (default .data/dovecot); starts that instance on N (default 1143)
 * with the demo users if it is not running, and leaves it running.
 *
 * Seeding REPLACES the user's whole Maildir.
 *
 * Maildir facts this relies on (checked with doveadm on Dovecot 2.3.19):
 * - With `separator = /` the on-disk layout is still Maildir++: `Projects/Feather` lives in
 *   `Maildir/.Projects.Feather`, names in modified UTF-7 (`Café` → `.Caf&AOk-`). We ask
 *   `doveadm mailbox path` rather than encoding names ourselves.
 * - New files get UIDs in filename order (Dovecot sorts by the leading timestamp, then the
 *   rest), so names start with the message's date and a zero-padded counter: sequence order
 *   = arrival order = date order. The file mtime is the INTERNALDATE.
 * - `,S=<size>` in the name saves Dovecot a stat; it must be exact.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_PORT,
  DEMO_USERS,
  SPECIAL_USE_FOLDERS,
  attachDovecot,
  doveadm,
  dovecotStatus,
  fixOwnership,
  mailOwner,
  resyncUser,
  startDovecot,
  type DovecotInstance,
} from './dovecot';
import {
  DEMO_DAYS,
  DEMO_FOLDERS,
  DEMO_PEOPLE,
  DEMO_SENTENCES,
  DEMO_SUBJECTS,
  FIXTURE_FOLDERS,
  FIXTURE_PLAIN_COUNT,
  FIXTURE_SPECIAL_ORDER,
  SEARCH_CORPUS,
  SEARCH_CORPUS_FOLDERS,
  SPECIAL_ORDER,
  buildSpecial,
  compose,
  fixtureDate,
  fixtureFlags,
  fixtureSubject,
  prng,
  type SeedMessage,
  type SpecialKey,
} from './seed-data';

export { SPECIAL } from './seed-data';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const ME = { name: 'Alex Student', address: 'student@feather.test' };

// --------------------------------------------------------------------------- maildir writing

/** Maildir info suffix: flags must be in ASCII order. */
function infoFlags(f: SeedMessage['flags'] = {}): string {
  return (f.draft ? 'D' : '') + (f.flagged ? 'F' : '') + (f.answered ? 'R' : '') + (f.seen ? 'S' : '');
}

/** True when every LF is preceded by CR, so the virtual (CRLF) size equals the file size. */
function isAllCrlf(buf: Buffer): boolean {
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) if (i === 0 || buf[i - 1] !== 13) return false;
  return true;
}

class MaildirWriter {
  private counter = 0;
  private readonly owner = isRoot() ? mailOwner() : null;
  written = 0;

  /** Write one message into `<dir>/cur`, named so that it sorts by date then by write order. */
  async write(dir: string, msg: SeedMessage): Promise<void> {
    const n = this.counter++;
    const secs = Math.floor(msg.date.getTime() / 1000);
    const size = msg.raw.length;
    const sizes = isAllCrlf(msg.raw) ? `,S=${size},W=${size}` : `,S=${size}`;
    const name = `${secs}.M${String(n).padStart(7, '0')}P${process.pid}.feather${sizes}:2,${infoFlags(msg.flags)}`;
    const file = path.join(dir, 'cur', name);
    await fsp.writeFile(file, msg.raw);
    await fsp.utimes(file, msg.date, msg.date); // INTERNALDATE
    if (this.owner) await fsp.chown(file, this.owner.uid, this.owner.gid);
    this.written++;
  }

  /** Write messages in order (names carry the order; writes may overlap). */
  async writeAll(dir: string, msgs: SeedMessage[]): Promise<void> {
    await pool(msgs, 32, (m) => this.write(dir, m));
  }
}

/** Run fn over items with bounded concurrency, preserving nothing but completion. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Build messages with bounded concurrency, keeping their order. */
async function buildAll<T>(specs: T[], build: (spec: T, i: number) => Promise<SeedMessage>): Promise<SeedMessage[]> {
  const out = new Array<SeedMessage>(specs.length);
  await pool(specs, 64, async (s, i) => {
    out[i] = await build(s, i);
  });
  return out;
}

/**
 * Wipe the user's Maildir, create the folders (subscribed) and return folder → directory.
 * Special-use folders are declared in the config (auto = subscribe); we only make their dirs.
 */
async function prepareMailbox(dovecot: DovecotInstance, user: string, folders: string[]): Promise<Map<string, string>> {
  const maildir = dovecot.maildirOf(user);
  await fsp.rm(maildir, { recursive: true, force: true });
  const home = path.dirname(maildir);
  await fsp.mkdir(home, { recursive: true });
  if (isRoot()) {
    const o = mailOwner();
    await fsp.chown(home, o.uid, o.gid);
  }
  const specials = new Set<string>(SPECIAL_USE_FOLDERS);
  const toCreate = folders.filter((f) => f !== 'INBOX' && !specials.has(f)).map((f) => dovecot.folderPath(f));
  // doveadm runs as the user's uid, so everything it creates has the right owner.
  if (toCreate.length) await doveadm(dovecot, ['mailbox', 'create', '-s', '-u', user, ...toCreate]);
  else await doveadm(dovecot, ['mailbox', 'status', '-u', user, 'messages', 'INBOX']);

  const dirs = new Map<string, string>();
  for (const f of new Set(['INBOX', ...folders])) {
    const dir = (await doveadm(dovecot, ['mailbox', 'path', '-u', user, dovecot.folderPath(f)])).trim();
    if (!dir.startsWith(maildir)) throw new Error(`Unexpected path for ${f}: ${dir}`);
    for (const sub of ['cur', 'new', 'tmp']) await fsp.mkdir(path.join(dir, sub), { recursive: true });
    dirs.set(f, dir);
  }
  return dirs;
}

/** Common tail of both seeds: ownership, then let Dovecot index everything once. */
async function finish(dovecot: DovecotInstance, user: string): Promise<void> {
  await fixOwnership(dovecot, user);
  await resyncUser(dovecot, user);
}

// The 20 MiB attachment takes a moment to encode; build each special once per process.
const specialCache = new Map<string, Promise<Buffer>>();
function special(key: (typeof SPECIAL_ORDER)[number], date: Date): Promise<Buffer> {
  const k = `${key}@${date.toISOString()}`;
  let p = specialCache.get(k);
  if (!p) specialCache.set(k, (p = buildSpecial(key, date)));
  return p;
}

/** The specials, dated one minute apart after `after`, all unseen. */
async function specials(after: Date, order: SpecialKey[] = SPECIAL_ORDER): Promise<SeedMessage[]> {
  return Promise.all(
    order.map(async (key, i) => {
      const date = new Date(after.getTime() + (i + 1) * 60_000);
      return { raw: await special(key, date), date, flags: { seen: false } };
    }),
  );
}

// --------------------------------------------------------------------------- fixtures

/**
 * The small, known test mailbox (see seed-data.ts FIXTURE_*): INBOX with FIXTURE_PLAIN_COUNT
 * `Fixture message NNN` (oldest first) followed by the specials as the newest messages,
 * total 120; Projects (5), Projects/Feather (3), Café (2), Empty (0), Sent (2).
 */
export async function seedFixtures(dovecot: DovecotInstance, user: string): Promise<void> {
  const folders = Object.keys(FIXTURE_FOLDERS);
  const dirs = await prepareMailbox(dovecot, user, folders);
  const w = new MaildirWriter();

  const plain = await buildAll(
    Array.from({ length: FIXTURE_PLAIN_COUNT }, (_, i) => i + 1),
    async (n) => {
      const date = fixtureDate(n);
      const from = DEMO_PEOPLE[n % DEMO_PEOPLE.length];
      const raw = await compose({
        messageId: `<fixture-${n}@feather.test>`,
        date,
        from,
        to: { name: 'Alice', address: `${user}@feather.test` },
        subject: fixtureSubject(n),
        text: `This is fixture message number ${n}.\n\nIt was sent by ${from.name}.\n`,
      });
      return { raw, date, flags: fixtureFlags(n) };
    },
  );
  await w.writeAll(dirs.get('INBOX')!, [...plain, ...(await specials(fixtureDate(FIXTURE_PLAIN_COUNT), FIXTURE_SPECIAL_ORDER))]);

  for (const [folder, count] of Object.entries(FIXTURE_FOLDERS)) {
    if (folder === 'INBOX' || count === 0) continue;
    const msgs = await buildAll(
      Array.from({ length: count }, (_, i) => i + 1),
      async (n) => {
        const date = new Date(Date.UTC(2023, 11, 1, 12) + n * 86400_000);
        const sent = folder === 'Sent';
        const raw = await compose({
          messageId: `<fixture-${encodeURIComponent(folder)}-${n}@feather.test>`,
          date,
          from: sent ? { name: 'Alice', address: `${user}@feather.test` } : DEMO_PEOPLE[n],
          to: sent ? DEMO_PEOPLE[n] : { name: 'Alice', address: `${user}@feather.test` },
          subject: `${folder} message ${n}`,
          text: `Message ${n} in folder ${folder}.\n`,
        });
        return { raw, date, flags: { seen: true } };
      },
    );
    await w.writeAll(dirs.get(folder)!, msgs);
  }
  await finish(dovecot, user);
}

// --------------------------------------------------------------------------- the search corpus

/**
 * The search corpus (rig/seed-data.ts SEARCH_CORPUS) as `user`'s whole mailbox: each folder's messages in the
 * corpus's order (so UIDs count up from 1 in it), flags in the file names, labels set with doveadm afterwards.
 * REPLACES the user's Maildir.
 */
export async function seedSearchCorpus(dovecot: DovecotInstance, user: string): Promise<void> {
  const dirs = await prepareMailbox(dovecot, user, [...SEARCH_CORPUS_FOLDERS]);
  const w = new MaildirWriter();
  const labels = new Map<string, Map<string, number[]>>();
  for (const folder of SEARCH_CORPUS_FOLDERS) {
    const inFolder = SEARCH_CORPUS.filter((m) => (m.folder ?? 'INBOX') === folder);
    const msgs = await buildAll(inFolder, async (m, i) => {
      const date = new Date(`${m.day}T12:00:00Z`);
      for (const label of m.labels ?? []) {
        const byLabel = labels.get(folder) ?? new Map<string, number[]>();
        byLabel.set(label, [...(byLabel.get(label) ?? []), i + 1]);
        labels.set(folder, byLabel);
      }
      const parent = m.answers ? inFolder.findIndex((p) => p.subject === m.answers) : -1;
      const parentId = parent >= 0 ? `<corpus-${folder}-${parent + 1}@feather.test>` : undefined;
      const filler = m.padding ? `\n\n${'Filler line of the search corpus, to make this message large.\n'.repeat(Math.ceil(m.padding / 62))}` : '';
      const raw = await compose({
        messageId: `<corpus-${folder}-${i + 1}@feather.test>`,
        date,
        from: m.from,
        to: m.to,
        cc: m.cc,
        subject: m.subject,
        text: `${m.body}\n${filler}`,
        ...(parentId ? { inReplyTo: parentId, references: [parentId] } : {}),
      });
      return { raw, date, flags: { seen: m.seen, flagged: m.flagged, answered: m.answered } };
    });
    await w.writeAll(dirs.get(folder)!, msgs);
  }
  await finish(dovecot, user);
  for (const [folder, byLabel] of labels) {
    for (const [label, uids] of byLabel) await doveadm(dovecot, ['flags', 'add', '-u', user, label, 'mailbox', dovecot.folderPath(folder), 'uid', uids.join(',')]);
  }
}

// --------------------------------------------------------------------------- shared folders (courier-like layout)

/**
 * Folders beyond the user's own, on a courier-like instance: the public folder `Public.announcements` (readable by
 * everyone, each reader's \Seen their own) and `sharer`'s folder `Team`, shared with `reader` through an ACL, so
 * `reader` finds it as `user.<sharer>.Team`. REPLACES both folders' mail. Needs `sharer`'s Maildir to exist.
 */
export async function seedSharedFolders(dovecot: DovecotInstance, reader: string, sharer: string): Promise<void> {
  if (dovecot.layout !== 'courier-like') throw new Error('seedSharedFolders needs a courier-like instance (it has the public and shared namespaces)');
  const w = new MaildirWriter();
  const note = (folder: string, n: number, from: { name: string; address: string }) =>
    compose({
      messageId: `<${folder.toLowerCase()}-${n}@feather.test>`,
      date: new Date(Date.UTC(2024, 2, n, 10)),
      from,
      to: { name: 'Everyone', address: 'everyone@feather.test' },
      subject: `${SHARED_SUBJECT[folder as keyof typeof SHARED_SUBJECT]} ${n}`,
      text: `${folder} note number ${n}.\n`,
    });

  // The public folder: written on disk, with an ACL file (nobody owns a public namespace, so nobody could create it).
  const publicDir = path.join(dovecot.dataDir, 'public', '.announcements');
  await fsp.rm(publicDir, { recursive: true, force: true });
  for (const sub of ['cur', 'new', 'tmp']) await fsp.mkdir(path.join(publicDir, sub), { recursive: true });
  await fsp.writeFile(path.join(path.dirname(publicDir), 'dovecot-acl'), 'anyone lr\n');
  await fsp.writeFile(path.join(publicDir, 'dovecot-acl'), 'anyone lrs\n');
  const announcements = await buildAll([1, 2, 3], async (n) => ({ raw: await note('Announcements', n, DEMO_PEOPLE[n]), date: new Date(Date.UTC(2024, 2, n, 10)), flags: { seen: false } }));
  await w.writeAll(publicDir, announcements);
  if (isRoot()) {
    const o = mailOwner();
    const root = path.dirname(publicDir);
    for (const p of [path.join(root, 'dovecot-acl'), publicDir, path.join(publicDir, 'dovecot-acl'), ...['cur', 'new', 'tmp'].map((d) => path.join(publicDir, d))]) await fsp.chown(p, o.uid, o.gid);
  }

  // The other user's folder, shared by an ACL the way a user would with SETACL.
  const team = dovecot.folderPath('Team');
  await doveadm(dovecot, ['mailbox', 'create', '-u', sharer, team]).catch(() => undefined);
  const teamDir = (await doveadm(dovecot, ['mailbox', 'path', '-u', sharer, team])).trim();
  for (const sub of ['cur', 'new', 'tmp']) await fsp.mkdir(path.join(teamDir, sub), { recursive: true });
  const notes = await buildAll([1, 2], async (n) => ({ raw: await note('Team', n, { name: 'Bob', address: `${sharer}@feather.test` }), date: new Date(Date.UTC(2024, 2, n, 11)), flags: { seen: false } }));
  await w.writeAll(teamDir, notes);
  await fixOwnership(dovecot, sharer);
  await resyncUser(dovecot, sharer);
  await doveadm(dovecot, ['acl', 'set', '-u', sharer, team, `user=${reader}`, 'lookup', 'read', 'write-seen']);
  // The shared-folder dictionary (how LIST finds user.<sharer>.*) is filled from the ACLs.
  await doveadm(dovecot, ['acl', 'recalc', '-u', sharer]);
}

/** Subjects in the shared folders, "<subject> <n>". */
export const SHARED_SUBJECT = { Announcements: 'Announcement for everyone', Team: 'Team note' } as const;

// --------------------------------------------------------------------------- demo

function fill(template: string, rnd: () => number): string {
  return template
    .replace('{day}', DEMO_DAYS[Math.floor(rnd() * DEMO_DAYS.length)])
    .replace('{n}', String(1 + Math.floor(rnd() * 60)));
}

function body(rnd: () => number, greeting: string, signature: string): string {
  const paragraphs: string[] = [];
  const count = 1 + Math.floor(rnd() * 4);
  for (let p = 0; p < count; p++) {
    const sentences: string[] = [];
    const len = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < len; s++) sentences.push(DEMO_SENTENCES[Math.floor(rnd() * DEMO_SENTENCES.length)]);
    paragraphs.push(sentences.join(' '));
  }
  return `${greeting}\n\n${paragraphs.join('\n\n')}\n\n${signature}\n`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface DemoSpec {
  i: number;
  folder: string;
  date: Date;
  seed: number;
  flags: SeedMessage['flags'];
}

/** One ordinary demo message; variety (HTML, attachments, replies, lists) derives from the seed. */
async function buildDemoMessage(spec: DemoSpec, user: string): Promise<SeedMessage> {
  const rnd = prng(spec.seed);
  const person = DEMO_PEOPLE[Math.floor(rnd() * DEMO_PEOPLE.length)];
  const me = { ...ME, address: `${user}@feather.test` };
  const outgoing = spec.folder === 'Sent' || spec.folder === 'Drafts';
  let subject = fill(DEMO_SUBJECTS[Math.floor(rnd() * DEMO_SUBJECTS.length)], rnd);
  const headers: Record<string, string> = {};
  const isList = spec.folder.startsWith('Lists');
  if (isList) {
    const list = spec.folder === 'Lists/Dev' ? 'feather-dev' : spec.folder === 'Lists' ? 'campus' : 'announce';
    subject = `[${list}] ${subject}`;
    headers['List-Id'] = `<${list}.lists.example.org>`;
    headers['List-Unsubscribe'] = `<mailto:${list}-leave@lists.example.org>`;
  }
  const reply = !isList && rnd() < 0.2;
  if (reply && !subject.startsWith('Re:')) subject = `Re: ${subject}`;
  if (spec.folder === 'Junk') subject = `You have WON a prize #${spec.i} — claim now`;

  const text = body(rnd, outgoing ? `Hi ${person.name.split(' ')[0]},` : 'Hi Alex,', outgoing ? 'Alex' : person.name);
  const html = rnd() < 0.12;
  const attach = rnd() < 0.04;
  const messageId = `<demo-${encodeURIComponent(spec.folder)}-${spec.i}@feather.test>`;
  const raw = await compose({
    messageId,
    date: spec.date,
    from: outgoing ? me : isList ? { name: `${person.name} via list`, address: 'list@lists.example.org' } : person,
    to: outgoing ? person : me,
    ...(rnd() < 0.15 ? { cc: DEMO_PEOPLE[Math.floor(rnd() * DEMO_PEOPLE.length)] } : {}),
    subject,
    headers,
    ...(reply ? { inReplyTo: `<demo-thread-${spec.i % 97}@example.org>`, references: [`<demo-thread-${spec.i % 97}@example.org>`] } : {}),
    text,
    ...(html
      ? {
          html: `<div style="font-family: sans-serif">${text
            .split('\n\n')
            .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
            .join('')}</div>`,
        }
      : {}),
    ...(attach
      ? {
          attachments: [
            {
              filename: `results-${spec.i}.csv`,
              contentType: 'text/csv',
              content: 'run,value\n' + Array.from({ length: 20 }, (_, k) => `${k},${(rnd() * 100).toFixed(2)}`).join('\n') + '\n',
            },
          ],
        }
      : {}),
  });
  return { raw, date: spec.date, flags: spec.flags };
}

/** `count` dates evenly spread (with jitter) over `days` days ending at `end`, ascending. */
function spreadDates(count: number, end: Date, days: number, rnd: () => number): Date[] {
  const span = days * 86400_000;
  const step = span / Math.max(count, 1);
  const start = end.getTime() - span;
  return Array.from({ length: count }, (_, i) => new Date(Math.floor(start + (i + rnd() * 0.9) * step)));
}

/**
 * A realistic demo mailbox: folder hierarchy (DEMO_FOLDERS, including non-ASCII names),
 * `inboxCount` INBOX messages over two years (recent ones partly unread, some flagged or
 * answered), the specials as the newest INBOX messages, and optionally `Archive/Big`.
 */
export async function seedDemo(
  dovecot: DovecotInstance,
  user: string,
  opts: { inboxCount?: number; bigFolderCount?: number } = {},
): Promise<{ messages: number }> {
  const inboxCount = opts.inboxCount ?? 3000;
  const bigFolderCount = opts.bigFolderCount ?? 0;
  const folders: Record<string, number> = { ...DEMO_FOLDERS };
  if (bigFolderCount > 0) folders['Archive/Big'] = bigFolderCount;
  const dirs = await prepareMailbox(dovecot, user, Object.keys(folders));
  const w = new MaildirWriter();
  const end = new Date(Date.UTC(2025, 5, 30, 17, 0));

  // INBOX
  const rnd = prng(20240601);
  const inboxSpecs: DemoSpec[] = spreadDates(inboxCount, end, 730, rnd).map((date, i) => {
    const recent = i >= inboxCount - 60;
    return {
      i,
      folder: 'INBOX',
      date,
      seed: 1000 + i,
      flags: { seen: recent ? rnd() < 0.35 : rnd() < 0.985, flagged: rnd() < 0.03, answered: rnd() < 0.1 },
    };
  });
  const inbox = await buildAll(inboxSpecs, (s) => buildDemoMessage(s, user));
  await w.writeAll(dirs.get('INBOX')!, [...inbox, ...(await specials(end))]);

  // Other folders; each gets its own seed so folder sizes don't shift each other's content.
  let folderSeed = 1;
  for (const [folder, count] of Object.entries(folders)) {
    folderSeed++;
    if (count === 0) continue;
    const frnd = prng(folderSeed * 7919);
    const specs: DemoSpec[] = spreadDates(count, end, folder === 'Archive/Big' ? 3650 : 365, frnd).map((date, i) => ({
      i,
      folder,
      date,
      seed: folderSeed * 1_000_003 + i,
      flags: {
        seen: folder === 'Sent' || folder === 'Drafts' || (folder !== 'Junk' && frnd() < 0.95),
        draft: folder === 'Drafts',
        flagged: frnd() < 0.02,
        answered: folder !== 'Sent' && frnd() < 0.05,
      },
    }));
    const msgs = await buildAll(specs, (s) => buildDemoMessage(s, user));
    await w.writeAll(dirs.get(folder)!, msgs);
  }
  await finish(dovecot, user);
  return { messages: w.written };
}

// --------------------------------------------------------------------------- CLI

async function main() {
  const argv = process.argv.slice(2);
  let dataDir = DEFAULT_DATA_DIR;
  let port = DEFAULT_PORT;
  let user = DEMO_USERS[0].user;
  let inboxCount = 3000;
  let big = 0;
  let fixtures = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') dataDir = path.resolve(argv[++i]);
    else if (a === '--port') port = Number(argv[++i]);
    else if (a === '--user') user = argv[++i];
    else if (a === '--inbox') inboxCount = Number(argv[++i]);
    else if (a === '--big') big = Number(argv[++i]);
    else if (a === '--fixtures') fixtures = true;
    else throw new Error(`Unknown argument ${a}`);
  }
  const running = (await dovecotStatus(dataDir)).running;
  const dovecot = running ? await attachDovecot(dataDir) : await startDovecot({ dataDir, port, users: DEMO_USERS });
  const t0 = performance.now();
  if (fixtures) {
    await seedFixtures(dovecot, user);
    console.log(`Seeded fixtures for ${user}`);
  } else {
    const { messages } = await seedDemo(dovecot, user, { inboxCount, bigFolderCount: big });
    console.log(`Seeded ${messages} messages for ${user}`);
  }
  console.log(`in ${((performance.now() - t0) / 1000).toFixed(1)} s; IMAP on ${dovecot.host}:${dovecot.port}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
