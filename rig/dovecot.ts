/**
 * A private Dovecot for tests and the demo.
 *
 *   npx tsx rig/dovecot.ts start|stop|status [--data DIR] [--port N]
 *
 * Defaults: data dir `.data/dovecot` under the project root, port 1143, users from
 * DEMO_USERS below (the demo login `student` / `feather-demo`). `start` only starts the
 * server; fill it with `npx tsx rig/seed.ts`.
 *
 * Everything (config, pid, sockets, logs, mail) lives in the data dir and the instance
 * never reads /etc/dovecot, so it can run beside a system Dovecot or another private one.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DATA_ROOT } from './paths';

const execFileP = promisify(execFile);

export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const DOVEADM_BIN = '/usr/bin/doveadm';
export const DEFAULT_DATA_DIR = path.join(DATA_ROOT, 'dovecot');
export const DEFAULT_PORT = 1143;
/** Users of the demo instance started by the CLI. */
export const DEMO_USERS = [{ user: 'student', password: 'feather-demo' }];

/** Special-use folders every account gets (created and subscribed by Dovecot on first use). */
export const SPECIAL_USE_FOLDERS = ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive'] as const;

export interface DovecotInstance {
  host: '127.0.0.1';
  port: number;
  dataDir: string;
  configPath: string;
  /** Absolute path of the user's Maildir root (INBOX). */
  maildirOf(user: string): string;
  layout: DovecotLayout;
  /** A folder's IMAP path in this layout: "Projects/Feather" is "INBOX.Projects.Feather" on a courier-like one. */
  folderPath(name: string): string;
  stop(): Promise<void>;
}

export interface DovecotUser {
  user: string;
  password: string;
}

/** Owner of the mail files: `mail` when we are root (Dovecot refuses to run mail as root), else ourselves. */
export interface MailOwner {
  uid: number;
  gid: number;
  /** Name of the owner, used for default_internal_user/default_login_user when not root. */
  name: string;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Paths derived from a data dir; kept in one place so stop/status agree with start. */
export function layout(dataDir: string) {
  const abs = path.resolve(dataDir);
  // Unix socket paths are limited to ~107 bytes; Dovecot puts sockets up to ~30 bytes deep
  // under base_dir (login/imap-login...). Fall back to /tmp when the data dir is deep.
  let baseDir = path.join(abs, 'run');
  if (baseDir.length > 70) {
    const h = createHash('sha1').update(abs).digest('hex').slice(0, 10);
    baseDir = path.join('/tmp', `feather-dovecot-${h}`);
  }
  return {
    dataDir: abs,
    baseDir,
    stateDir: path.join(abs, 'state'),
    homeRoot: path.join(abs, 'home'),
    configPath: path.join(abs, 'dovecot.conf'),
    usersPath: path.join(abs, 'users'),
    logPath: path.join(abs, 'dovecot.log'),
    pidPath: path.join(baseDir, 'master.pid'),
    infoPath: path.join(abs, 'instance.json'),
    instanceName: 'feather-' + createHash('sha1').update(abs).digest('hex').slice(0, 8),
  };
}

export function mailOwner(): MailOwner {
  if (!isRoot()) {
    const name = process.env.USER || spawnSync('id', ['-un'], { encoding: 'utf8' }).stdout.trim();
    return { uid: process.getuid!(), gid: process.getgid!(), name };
  }
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('mail:'));
  if (!line) throw new Error('System user "mail" not found; it is needed to own the maildirs when running as root.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), name: 'mail' };
}

/** Ensure the dovecot binary exists; as root, install it with apt. */
async function ensureDovecotInstalled(): Promise<void> {
  if (fs.existsSync(DOVECOT_BIN) && fs.existsSync(DOVEADM_BIN)) return;
  if (!isRoot()) {
    throw new Error(
      `${DOVECOT_BIN} not found. Install Dovecot's IMAP server first: sudo apt-get install -y dovecot-imapd ` +
        '(the system service is not used; Feather runs its own instance with its own config).',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', 'dovecot-imapd'], { stdio: 'inherit', env });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    if (install().status !== 0) throw new Error('apt-get install -y dovecot-imapd failed');
  }
}

/**
 * TLS for an instance: the certificate and key it presents (rig/tls.ts makes a private CA's), the implicit-TLS
 * port, and whether it refuses to log anyone in before STARTTLS (then it announces LOGINDISABLED, as a school
 * server that requires encryption does).
 */
export interface DovecotTls {
  certFile: string;
  keyFile: string;
  tlsPort: number;
  required?: boolean;
}

/**
 * Clients reach the plain port only through a proxy that speaks the PROXY protocol (HAProxy's), saying where the
 * client comes from: Dovecot counts loopback clients as secure and would never announce LOGINDISABLED to them; a
 * client "from" another address is treated as a school server treats its students.
 */
export interface DovecotOptions {
  haproxy?: boolean;
  /**
   * The storage quota (RFC 9208) every user gets unless their own says otherwise (`DovecotUser.quota`), in
   * Dovecot's notation ("1G"); false for none. The default layout has "1G"; the courier-like one has no QUOTA.
   */
  quota?: string | false;
  /**
   * The capabilities announced after login, instead of Dovecot's own (its `imap_capability`): to stand for an
   * older server, e.g. one without MOVE and UIDPLUS. Dovecot still understands the rest; Feather must not use it.
   */
  capabilities?: string;
  /**
   * Mail delivery beside IMAP, for a private Postfix (rig/postfix.ts): an LMTP listener it delivers into, and an
   * auth listener it checks SMTP AUTH against (Dovecot's SASL over TCP), both on 127.0.0.1.
   */
  mta?: { lmtpPort: number; authPort: number };
  /**
   * Dovecot's submission server beside IMAP (with `mta`): it takes mail on `port`, fetches BURL messages from IMAP
   * by URLAUTH (RFC 4467/4468), and relays to the private Postfix's trusted port `relayPort`; `maxMailSize`
   * (bytes) is the largest message it takes (its SIZE; Dovecot's default is 40 MB).
   */
  submission?: { port: number; relayPort: number; maxMailSize?: number };
  /**
   * A full-text index (Debian's dovecot-fts-xapian), kept up to date as mail arrives: text SEARCH answers from it
   * in milliseconds instead of reading every message. Off, Dovecot reads the messages, as a server without an
   * index does.
   */
  fts?: boolean;
  /**
   * `$HasAttachment`/`$HasNoAttachment` on every message, set by Dovecot as it indexes mail (its
   * `mail_attachment_detection_options = add-flags`, the default from Dovecot 2.4.2 on; Debian 12's 2.3.19 has it
   * off). Off unless asked: the tests' messages keep exactly the flags they set.
   */
  attachmentKeywords?: boolean;
  /**
   * COMPRESS=DEFLATE (RFC 4978, Dovecot's imap_zlib): announced after login, and imapflow then compresses the
   * connection both ways. Off unless asked (the bench's instance has it); the counting proxy reads through it.
   */
  compress?: boolean;
}

/**
 * A user of an instance; `quota` ("64K") overrides the instance's storage quota for this user. `sameMailAs` names
 * another user whose mail this one reads (the same home) without the full-text index: the bench's way to time a
 * search of the same folder with and without it.
 */
export interface DovecotUser {
  user: string;
  password: string;
  quota?: string;
  sameMailAs?: string;
}

/**
 * How the instance lays out and announces folders. `dovecot`: Dovecot's own way (no prefix, "/", SPECIAL-USE,
 * LIST-STATUS). `courier-like`: what Courier and Cyrus with Debian's config look like to a client: the personal
 * namespace under "INBOX." with "." as delimiter, a public namespace "Public." beside it, and a capability list
 * without LIST-STATUS, SPECIAL-USE or ESEARCH.
 */
export type DovecotLayout = 'dovecot' | 'courier-like';

/** The capabilities a courier-like instance announces after login (Courier-IMAP 5 offers about these). */
const COURIER_LIKE_CAPABILITIES = 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE IDLE NAMESPACE UIDPLUS CHILDREN UNSELECT SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES';

function buildConfig(l: ReturnType<typeof layout>, port: number, owner: MailOwner, tls?: DovecotTls, folders: DovecotLayout = 'dovecot', options: DovecotOptions = {}): string {
  const root = isRoot();
  const courier = folders === 'courier-like';
  const quota = courier ? false : (options.quota ?? '1G');
  // Plugins of the IMAP process beyond the global ones: QUOTA's commands, COMPRESS.
  const imapPlugins = [quota ? 'imap_quota' : '', options.compress ? 'imap_zlib' : ''].filter(Boolean);
  const specials = SPECIAL_USE_FOLDERS.map((name) =>
    courier ? `  mailbox ${name} {\n    auto = subscribe\n  }` : `  mailbox ${name} {\n    special_use = \\${name}\n    auto = subscribe\n  }`,
  ).join('\n');
  const namespaces = courier
    ? `namespace inbox {
  inbox = yes
  prefix = INBOX.
  separator = .
${specials}
}

# Folders for everyone ("Shared folders"): readable by all, per-user \\Seen (the ACL file is written by the seed).
namespace public {
  type = public
  prefix = Public.
  separator = .
  location = maildir:${l.dataDir}/public:INDEXPVT=~/Maildir/public
  subscriptions = no
  list = yes
}

# Other users' folders they shared ("Other users"), as Cyrus names them: user.<name>.<folder>.
namespace users {
  type = shared
  prefix = user.%%u.
  separator = .
  location = maildir:%%h/Maildir:INDEXPVT=~/Maildir/shared/%%u
  subscriptions = no
  list = children
}

mail_plugins = $mail_plugins acl
protocol imap {
  mail_plugins = $mail_plugins imap_acl
}
plugin {
  acl = vfile
  # Which users shared what with whom, so LIST finds other users' folders.
  acl_shared_dict = file:${l.dataDir}/acl/shared-mailboxes.db
}

imap_capability = ${COURIER_LIKE_CAPABILITIES}`
    : `namespace inbox {
  inbox = yes
  separator = /
${specials}
}

${
  quota
    ? `# QUOTA (RFC 9208): storage counted by Dovecot's own index ("count" needs virtual sizes); users may have their own
# rule. The global mail_plugins comes before the protocol section that adds to it.
mail_plugins = $mail_plugins quota
plugin {
  quota = count:User quota
  quota_vsizes = yes
  quota_rule = *:storage=${quota}
}

`
    : ''
}${
  options.fts
    ? `# Full-text search (dovecot-fts-xapian): SEARCH BODY/TEXT and header searches answer from an index under
# ~/Maildir/xapian-indexes. Terms are matched from 3 characters on. Mail that arrived since the last search is
# indexed by the next one (fts_autoindex = no): with autoindex, a RENAME or DELETE of a folder right after an
# APPEND into it waited about a minute for the indexer here (Dovecot 2.3.19, fts-xapian 1.5.5).
mail_plugins = $mail_plugins fts fts_xapian
plugin {
  fts = xapian
  fts_xapian = partial=3 full=20 verbose=0
  fts_autoindex = no
  fts_enforced = yes
}

`
    : ''
}# METADATA (RFC 5464): Feather keeps each user's settings in a private server entry.
mail_attribute_dict = file:%h/dovecot-attributes
protocol imap {
  imap_metadata = yes${imapPlugins.length ? `\n  mail_plugins = $mail_plugins ${imapPlugins.join(' ')}` : ''}
}${options.capabilities ? `\nimap_capability = ${options.capabilities}` : ''}${
        options.submission
          ? `

# URLAUTH (RFC 4467) for BURL: the host and port written in URLs; the keys live in mail_attribute_dict.
imap_urlauth_host = 127.0.0.1
imap_urlauth_port = ${port}
hostname = mail.feather.test
# Submission (RFC 6409) with BURL (RFC 4468), relaying to the private Postfix.
submission_relay_host = 127.0.0.1
submission_relay_port = ${options.submission.relayPort}
submission_relay_ssl = no${options.submission.maxMailSize ? `\nsubmission_max_mail_size = ${options.submission.maxMailSize}` : ''}
service submission-login {
  inet_listener submission {
    address = 127.0.0.1
    port = ${options.submission.port}
  }
}`
          : ''
      }`;
  return `# Generated by rig/dovecot.ts - do not edit; rewritten on every start.
instance_name = ${l.instanceName}
base_dir = ${l.baseDir}
state_dir = ${l.stateDir}
log_path = ${l.logPath}
info_log_path = ${l.logPath}
debug_log_path = ${l.logPath}

listen = 127.0.0.1
protocols = imap${options.mta ? ' lmtp' : ''}${options.submission ? ' submission' : ''}
${options.mta ? '# LMTP delivers to "carol@feather.test"; the user is "carol" (IMAP logins carry no domain).\nauth_username_format = %Ln\n' : ''}${
  tls
    ? `ssl = ${tls.required ? 'required' : 'yes'}\nssl_cert = <${tls.certFile}\nssl_key = <${tls.keyFile}\n# Loopback counts as secure to Dovecot; "required" is what makes it refuse plaintext LOGIN there too.\ndisable_plaintext_auth = ${tls.required ? 'yes' : 'no'}`
    : '# Loopback only: plaintext LOGIN is fine and keeps the test rig simple.\nssl = no\ndisable_plaintext_auth = no'
}
auth_mechanisms = plain login
${options.haproxy ? 'haproxy_trusted_networks = 127.0.0.1/32\n' : ''}
default_internal_user = ${root ? 'dovecot' : owner.name}
default_login_user = ${root ? 'dovenull' : owner.name}
${root ? '' : `default_internal_group = ${groupName(owner.gid)}\n`}first_valid_uid = ${owner.uid}
last_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}
last_valid_gid = ${owner.gid}

# A test suite (several browsers plus direct clients) easily exceeds the default 10.
mail_max_userip_connections = 200
# Every client here is 127.0.0.1, as every Feather user is one address to a school's server: Dovecot's auth
# penalty (up to 15 s per login after failures from an address) would slow every sign-in after a test of wrong
# passwords. Feather limits failed sign-ins itself, per user and per client address; the anvil listener below
# switches the penalty off (Dovecot's documented way).

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${l.usersPath}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${l.usersPath}
}

mail_location = maildir:~/Maildir
${
  options.attachmentKeywords
    ? `# $HasAttachment / $HasNoAttachment on each message as Dovecot indexes it (Dovecot 2.4.2's default): a list row's
# paperclip comes with its flags.
mail_attachment_detection_options = add-flags content-type=!application/signature
`
    : ''
}
${namespaces}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}${options.haproxy ? '\n    haproxy = yes' : ''}
  }
  inet_listener imaps {
${tls ? `    address = 127.0.0.1\n    port = ${tls.tlsPort}` : '    port = 0'}
  }
  # With the penalty socket closed (below), a starting auth process waits 5 s for it; one that idled out and
  # restarts would make the next sign-in miss Feather's greeting limit. So both stay up once started.
  process_min_avail = 1
  idle_kill = 4294967295 secs
${root ? '' : '  chroot =\n  user = $default_login_user\n'}}
service auth {
  idle_kill = 4294967295 secs${
    options.mta
      ? `
  # Postfix's SMTP AUTH asks Dovecot (smtpd_sasl_type = dovecot) over TCP.
  inet_listener auth-postfix {
    address = 127.0.0.1
    port = ${options.mta.authPort}
  }`
      : ''
  }
}${
    options.mta
      ? `
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${options.mta.lmtpPort}
  }
}`
      : ''
  }
service anvil {
${root ? '' : '  chroot =\n'}  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
# Mail processes run as ${owner.name}; let them report to the stats service without log noise.
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

function groupName(gid: number): string {
  const line = fs
    .readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid));
  return line ? line.split(':')[0] : String(gid);
}

function readPid(pidPath: string): number | null {
  try {
    const pid = Number(fs.readFileSync(pidPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function logTail(logPath: string, lines = 30): Promise<string> {
  try {
    const text = await fsp.readFile(logPath, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log written)';
  }
}

/** Connect and read the greeting (saying where from first, to a PROXY-protocol listener); resolves true on `* OK`. */
function probeGreeting(port: number, haproxy = false, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    if (haproxy) sock.write(`PROXY TCP4 127.0.0.1 127.0.0.1 40000 ${port}\r\n`);
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.on('error', () => done(false));
    sock.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n')) done(buf.startsWith('* OK'));
    });
  });
}

/**
 * Every process of the instance: the master (`dovecot -c <its config>`) and the processes it started, which
 * name themselves `dovecot-<instance_name>/imap` and so on. They are found by name, not as the master's children:
 * the imap, log and stats processes outlive the master for a while (serving a signed-in client meanwhile), and
 * are orphans by then.
 */
function instanceProcesses(l: ReturnType<typeof layout>): number[] {
  const prefix = `dovecot-${l.instanceName}/`;
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // ended meanwhile
    }
    const master = argv[0] === DOVECOT_BIN && argv[1] === '-c' && argv[2] === l.configPath;
    if (master || argv[0].startsWith(prefix)) pids.push(Number(entry));
  }
  return pids;
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** The pids of every process of the instance of `dataDir` still running (for checks and diagnostics). */
export function dovecotProcesses(dataDir: string): number[] {
  return instanceProcesses(layout(dataDir));
}

/**
 * Stops the instance of `dataDir`, every process of it, and waits until they are gone: the master is asked to
 * shut down (it tells clients BYE), stragglers are ended after 10 s. False when nothing of it was running.
 */
export async function stopDovecot(dataDir: string): Promise<boolean> {
  const l = layout(dataDir);
  const running = instanceProcesses(l);
  if (running.length === 0) return false;
  // The pid file's master only if it is this instance's (a stale pid file may name a reused pid); orphans of an
  // instance whose master is gone get the same request directly.
  const master = readPid(l.pidPath);
  signal(master && running.includes(master) ? [master] : running, 'SIGTERM');
  const started = Date.now();
  let askedAll = false;
  while (instanceProcesses(l).length > 0) {
    // Clients' imap processes can linger for seconds after the master: after one, ask them directly.
    if (!askedAll && Date.now() - started > 1000) {
      signal(instanceProcesses(l), 'SIGTERM');
      askedAll = true;
    }
    if (Date.now() - started > 10_000) {
      signal(instanceProcesses(l), 'SIGKILL');
      await sleep(200);
      const left = instanceProcesses(l);
      if (left.length > 0) throw new Error(`Dovecot of ${l.dataDir}: processes ${left.join(', ')} survived SIGKILL`);
      break;
    }
    await sleep(50);
  }
  return true;
}

export async function dovecotStatus(dataDir: string): Promise<{ running: boolean; pid: number | null; port: number | null; layout: DovecotLayout }> {
  const l = layout(dataDir);
  const pid = readPid(l.pidPath);
  let port: number | null = null;
  let folders: DovecotLayout = 'dovecot';
  try {
    const info = JSON.parse(await fsp.readFile(l.infoPath, 'utf8'));
    port = info.port ?? null;
    folders = info.layout ?? 'dovecot';
  } catch {
    /* never started */
  }
  return { running: instanceProcesses(l).length > 0, pid: pid && alive(pid) ? pid : null, port, layout: folders };
}

/** A folder's IMAP path in a layout, from its name with "/" between levels ("INBOX" stays "INBOX"). */
export function folderPathIn(folders: DovecotLayout, name: string): string {
  if (folders === 'dovecot' || name.toUpperCase() === 'INBOX') return name;
  return `INBOX.${name.split('/').join('.')}`;
}

function instanceFor(l: ReturnType<typeof layout>, port: number, folders: DovecotLayout): DovecotInstance {
  return {
    host: '127.0.0.1',
    port,
    dataDir: l.dataDir,
    configPath: l.configPath,
    maildirOf: (user: string) => path.join(l.homeRoot, user, 'Maildir'),
    layout: folders,
    folderPath: (name: string) => folderPathIn(folders, name),
    stop: async () => {
      await stopDovecot(l.dataDir);
    },
  };
}

/** Attach to an instance that `start` left running (used by the seed CLI). */
export async function attachDovecot(dataDir: string): Promise<DovecotInstance> {
  const l = layout(dataDir);
  const st = await dovecotStatus(dataDir);
  if (!st.running || !st.port) {
    throw new Error(`No Dovecot running for ${l.dataDir}; run: npx tsx rig/dovecot.ts start --data ${dataDir}`);
  }
  return instanceFor(l, st.port, st.layout);
}

export async function startDovecot(opts: {
  dataDir: string;
  port: number;
  users: DovecotUser[];
  tls?: DovecotTls;
  layout?: DovecotLayout;
  options?: DovecotOptions;
}): Promise<DovecotInstance> {
  await ensureDovecotInstalled();
  const l = layout(opts.dataDir);
  const owner = mailOwner();
  await stopDovecot(l.dataDir);

  for (const dir of [l.dataDir, l.baseDir, l.stateDir, l.homeRoot]) await fsp.mkdir(dir, { recursive: true });
  // The mail user must be able to traverse into the homes; dovenull/dovecot into base_dir.
  for (const dir of [l.dataDir, l.homeRoot]) await fsp.chmod(dir, 0o755);

  // passwd-file: user:{PLAIN}password:uid:gid::home::  (passwords must not contain ':')
  const lines = opts.users.map((u) => {
    if (/[:\n]/.test(u.user + u.password)) throw new Error(`Invalid character in user/password for ${u.user}`);
    if (u.quota !== undefined && !/^\d+[KMGT]?$/.test(u.quota)) throw new Error(`Invalid quota ${u.quota} for ${u.user}`);
    const extra = [u.quota ? `userdb_quota_rule=*:storage=${u.quota}` : '', u.sameMailAs ? 'userdb_mail_plugins=notify' : ''].filter(Boolean).join(' ');
    return `${u.user}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${path.join(l.homeRoot, u.sameMailAs ?? u.user)}::${extra}`;
  });
  await fsp.writeFile(l.usersPath, lines.join('\n') + '\n', { mode: 0o640 });
  for (const u of opts.users.filter((u) => !u.sameMailAs)) {
    const home = path.join(l.homeRoot, u.user);
    await fsp.mkdir(home, { recursive: true });
    if (isRoot()) await fsp.chown(home, owner.uid, owner.gid);
  }
  if (isRoot()) {
    // auth runs as $default_internal_user (dovecot) and must read the passwd-file.
    const dovecotGid = Number(spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim());
    if (Number.isInteger(dovecotGid)) await fsp.chown(l.usersPath, 0, dovecotGid);
  }
  if (opts.layout === 'courier-like') {
    // The public folders' root, and the shared-folder dictionary's directory: written by the mail processes.
    for (const dir of [path.join(l.dataDir, 'public'), path.join(l.dataDir, 'acl')]) {
      await fsp.mkdir(dir, { recursive: true });
      if (isRoot()) await fsp.chown(dir, owner.uid, owner.gid);
    }
  }
  await fsp.writeFile(l.configPath, buildConfig(l, opts.port, owner, opts.tls, opts.layout, opts.options));
  await fsp.writeFile(l.infoPath, JSON.stringify({ port: opts.port, configPath: l.configPath, layout: opts.layout ?? 'dovecot' }, null, 2) + '\n');
  // A fresh log per start keeps the error tail relevant.
  await fsp.rm(l.logPath, { force: true });

  // The master daemonizes and its children inherit stdio: hand it a file, not a pipe,
  // or we would wait forever for the pipe to close.
  const errPath = path.join(l.dataDir, 'startup.err');
  const errFd = fs.openSync(errPath, 'w');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(DOVECOT_BIN, ['-c', l.configPath], { stdio: ['ignore', errFd, errFd] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c));
  }).finally(() => fs.closeSync(errFd));
  if (code !== 0) {
    const stderr = await fsp.readFile(errPath, 'utf8').catch(() => '');
    throw new Error(`dovecot failed to start (exit ${code}): ${stderr}\n--- log tail ---\n${await logTail(l.logPath)}`);
  }

  const deadline = Date.now() + 20_000;
  while (!(await probeGreeting(opts.port, opts.options?.haproxy))) {
    if (Date.now() > deadline) {
      throw new Error(
        `Dovecot did not answer "* OK" on 127.0.0.1:${opts.port} within 20 s.\n--- ${l.logPath} ---\n${await logTail(l.logPath)}`,
      );
    }
    await sleep(100);
  }
  return instanceFor(l, opts.port, opts.layout ?? 'dovecot');
}

/** Run doveadm against this instance's config (it executes as the user's uid from the userdb). */
export async function doveadm(dovecot: Pick<DovecotInstance, 'configPath'>, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileP(DOVEADM_BIN, ['-c', dovecot.configPath, ...args], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`doveadm ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

/**
 * Builds the full-text index of every folder of `user` now (`doveadm index`), so the first search does not wait for
 * it: mail written straight into the maildir (the seeds) was never seen arriving. Mail that arrives later by
 * IMAP or LMTP is indexed by the next search that needs it (fts_autoindex = no, see buildConfig).
 */
export async function indexMail(dovecot: Pick<DovecotInstance, 'configPath'>, user: string): Promise<void> {
  await doveadm(dovecot, ['index', '-u', user, '*']);
}

/** Give every file under the user's home to the mail owner (seeding as root writes root-owned files). */
export async function fixOwnership(dovecot: DovecotInstance, user?: string): Promise<void> {
  if (!isRoot()) return;
  const { uid, gid } = mailOwner();
  const root = user ? path.dirname(dovecot.maildirOf(user)) : path.join(dovecot.dataDir, 'home');
  const walk = async (p: string): Promise<void> => {
    await fsp.lchown(p, uid, gid);
    const st = await fsp.lstat(p);
    if (!st.isDirectory()) return;
    for (const entry of await fsp.readdir(p)) await walk(path.join(p, entry));
  };
  if (fs.existsSync(root)) await walk(root);
}

/** Make Dovecot re-read every folder of the user after files were written behind its back. */
export async function resyncUser(dovecot: DovecotInstance, user: string): Promise<void> {
  await doveadm(dovecot, ['force-resync', '-u', user, '*']);
}

// ---------------------------------------------------------------------------- CLI

function parseArgs(argv: string[]) {
  const out: { cmd?: string; data: string; port: number } = { data: DEFAULT_DATA_DIR, port: DEFAULT_PORT };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data') out.data = path.resolve(argv[++i]);
    else if (a === '--port') out.port = Number(argv[++i]);
    else if (!a.startsWith('-') && !out.cmd) out.cmd = a;
    else throw new Error(`Unknown argument ${a}`);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  switch (args.cmd) {
    case 'start': {
      const d = await startDovecot({ dataDir: args.data, port: args.port, users: DEMO_USERS });
      console.log(`Dovecot running on ${d.host}:${d.port} (data ${d.dataDir}); users: ${DEMO_USERS.map((u) => u.user).join(', ')}`);
      break;
    }
    case 'stop':
      console.log((await stopDovecot(args.data)) ? `Dovecot stopped (data ${args.data})` : `Dovecot is not running (data ${args.data})`);
      break;
    case 'status': {
      const st = await dovecotStatus(args.data);
      console.log(st.running ? `running (pid ${st.pid}, port ${st.port})` : 'not running');
      process.exitCode = st.running ? 0 : 3;
      break;
    }
    default:
      console.error('usage: npx tsx rig/dovecot.ts start|stop|status [--data DIR] [--port N]');
      process.exitCode = 2;
  }
}

// Run only as a script, not when imported by seed.ts or the test helpers.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
