// `npm run doctor`: what an administrator needs to know about the configured IMAP server, found by asking it with
// Feather's own settings. Returns plain facts; scripts/doctor.ts prints them. Never logs or returns a password.
import net from 'node:net';
import tls from 'node:tls';
import { ImapFlow } from 'imapflow';
import { explainConnectFailure, speaksImplicitTls } from './diagnose';
import type { ImapServer } from './pool';
import { COUNT_FRESH_MS, STATUS_BUDGET_MS, STATUS_PER_VIEW } from './folder-counts';
import { adoptNamespaces } from './namespaces';
import { buildFolderSections } from './translate';
import type { MailboxNode, Namespace } from './types';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  validTo: string;
}

export interface TransportReport {
  /** The connection and, with TLS, the handshake were made. */
  connected: boolean;
  error?: string;
  /** With TLS: whether Feather's trust (the system's CAs plus IMAP_TLS_CA_FILE) accepts the chain, and why not. */
  tls?: { protocol: string | null; trusted: boolean; reason?: string; chain: CertificateInfo[] };
  /** The server's greeting, and the capabilities it announced before any login. */
  greeting?: string;
  capabilities: string[];
}

export interface LoginReport {
  ok: boolean;
  /** What went wrong, as Feather would log it (the administrator's hint included). */
  error?: string;
  code?: string;
  capabilities: string[];
  namespaces?: { personal: Namespace[]; other: Namespace[]; shared: Namespace[] };
  specialUse: Array<{ use: string; path: string }>;
  folders: number;
  /** The tree's sections as Feather draws them, with the number of folders that open in each. */
  sections?: Array<{ kind: string; prefix: string; folders: number }>;
}

export interface DoctorReport {
  server: Omit<ImapServer, 'ca'> & { extraCa: boolean };
  transport: TransportReport;
  login?: LoginReport;
  /** What Feather does differently on this server, from what it announced. */
  plan: string[];
}

const CRLF = '\r\n';

function trustedCas(server: ImapServer): string[] | undefined {
  return server.ca ? [...tls.rootCertificates, server.ca] : undefined;
}

function chainOf(socket: tls.TLSSocket): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  let cert = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (cert && cert.fingerprint256 && !seen.has(cert.fingerprint256) && out.length < 10) {
    seen.add(cert.fingerprint256);
    const cn = (name: { CN?: string | string[] } | undefined) => [name?.CN ?? '?'].flat().join(', ');
    out.push({ subject: cn(cert.subject), issuer: cn(cert.issuer), validTo: cert.valid_to });
    cert = cert.issuerCertificate;
  }
  return out;
}

/** Reads lines from a socket until one matches `done`, or the time runs out. */
function readUntil(socket: net.Socket, done: (line: string) => boolean, timeoutMs: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const lines: string[] = [];
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let i;
      while ((i = buffer.indexOf(CRLF)) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        lines.push(line);
        if (done(line)) return finish();
      }
    };
    const onError = (err: Error) => finish(err);
    const finish = (err?: Error) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      if (err) reject(err);
      else resolve(lines);
    };
    socket.on('data', onData);
    socket.once('error', onError);
  });
}

/** The CAPABILITY list inside a greeting or a tagged OK ("* OK [CAPABILITY IMAP4rev1 …] ready"). */
function capabilitiesIn(line: string | undefined): string[] {
  const m = /\[CAPABILITY ([^\]]*)\]/i.exec(line ?? '');
  return m ? m[1].split(' ').filter(Boolean) : [];
}

/** Resolves with `socket` once `ready` fires; rejects on its error, or after `timeoutMs` (ETIMEDOUT, `what`). */
function opened<T extends net.Socket>(socket: T, ready: 'connect' | 'secureConnect', timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no ${what} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once(ready, () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function connectPlain(server: ImapServer, timeoutMs: number): Promise<net.Socket> {
  return opened(net.connect({ host: server.host, port: server.port }), 'connect', timeoutMs, 'connection');
}

/** A TLS handshake that accepts any chain, so the chain can be shown; whether Feather trusts it is checked apart. */
function handshake(server: ImapServer, timeoutMs: number, socket?: net.Socket): Promise<tls.TLSSocket> {
  const s = tls.connect({ host: server.host, port: server.port, socket, ...(net.isIP(server.host) ? {} : { servername: server.host }), rejectUnauthorized: false, ca: trustedCas(server) });
  return opened(s, 'secureConnect', timeoutMs, 'TLS handshake');
}

/** Connects as Feather would (TLS, STARTTLS or plain), shows the certificate chain and the greeting's capabilities. */
export async function probeTransport(server: ImapServer, timeoutMs = 5000): Promise<TransportReport> {
  let socket: net.Socket | undefined;
  try {
    let greeting: string | undefined;
    let tlsReport: TransportReport['tls'];
    const describe = (s: tls.TLSSocket) => ({ protocol: s.getProtocol(), trusted: s.authorized, ...(s.authorized ? {} : { reason: String(s.authorizationError ?? '') }), chain: chainOf(s) });
    if (server.secure === 'tls') {
      const s = await handshake(server, timeoutMs);
      socket = s;
      tlsReport = describe(s);
      greeting = (await readUntil(s, (l) => l.startsWith('* '), timeoutMs))[0];
    } else {
      socket = await connectPlain(server, timeoutMs);
      greeting = (await readUntil(socket, (l) => l.startsWith('* '), timeoutMs).catch(async (err) => {
        if (await speaksImplicitTls(server)) throw new Error(`no IMAP greeting within ${timeoutMs} ms, and the port speaks implicit TLS: use IMAP_SECURE=tls for it`);
        throw err;
      }))[0];
      if (server.secure === 'starttls') {
        socket.write(`D1 STARTTLS${CRLF}`);
        const answer = (await readUntil(socket, (l) => l.startsWith('D1 '), timeoutMs)).at(-1) ?? '';
        if (!/^D1 OK/i.test(answer)) return { connected: false, error: `STARTTLS refused: ${answer}`, greeting, capabilities: capabilitiesIn(greeting) };
        const s = await handshake(server, timeoutMs, socket);
        socket = s;
        tlsReport = describe(s);
      }
    }
    return { connected: true, tls: tlsReport, greeting, capabilities: capabilitiesIn(greeting) };
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { connected: false, error: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`, capabilities: [] };
  } finally {
    socket?.destroy();
  }
}

/** Signs in with Feather's own settings (verification as configured), and reads capabilities, namespaces, folders. */
export async function probeLogin(server: ImapServer, user: string, password: string, timeoutMs = 10_000): Promise<LoginReport> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: server.secure === 'tls',
    doSTARTTLS: server.secure === 'starttls' ? true : server.secure === 'none' ? false : undefined,
    tls: { rejectUnauthorized: server.rejectUnauthorized, ...(server.ca ? { ca: trustedCas(server) } : {}) },
    auth: { user, pass: password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    clientInfo: { name: 'Feather doctor' },
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    const capabilities = [...client.capabilities.keys()];
    client.close();
    const e = explainConnectFailure({ err, server, capabilities: client.capabilities });
    return { ok: false, code: e.code, error: e.message, capabilities, specialUse: [], folders: 0 };
  }
  try {
    const namespaces = adoptNamespaces(client);
    const list = await client.list();
    const sections = buildFolderSections(list, namespaces);
    const specialUse: LoginReport['specialUse'] = [];
    const walk = (nodes: MailboxNode[]) => nodes.forEach((n) => (n.specialUse && specialUse.push({ use: n.specialUse, path: n.path }), walk(n.children)));
    walk(sections[0].folders);
    const count = (nodes: MailboxNode[]): number => nodes.reduce((sum, n) => sum + (n.selectable ? 1 : 0) + count(n.children), 0);
    const sectionsReport = sections.map((s) => ({ kind: s.kind, prefix: s.prefix, folders: count(s.folders) }));
    return {
      ok: true,
      capabilities: [...client.capabilities.keys()],
      namespaces,
      specialUse,
      folders: list.length,
      sections: sectionsReport,
    };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** What Feather does on this server, given what it announced after login (or before it, without credentials). */
export function featherPlan(capabilities: string[], login?: LoginReport): string[] {
  const has = (c: string) => capabilities.some((x) => x.toUpperCase() === c);
  const plan = login?.ok ? [] : ['(judged from the capabilities before login: most servers announce their extensions only after it; a test login shows the real list)'];
  plan.push(
    has('LIST-STATUS') ? 'folder tree and unread counts: one LIST … RETURN (STATUS …)' : `no LIST-STATUS: unread counts kept per session for ${COUNT_FRESH_MS / 1000} s; a page view sends at most ${STATUS_PER_VIEW} STATUS (the shown folder first, then the stalest) within ${STATUS_BUDGET_MS / 1000} s, a count not known yet is blank`,
    has('ESEARCH') ? 'search: UID SEARCH RETURN (ALL), the answer a compact set' : 'no ESEARCH: plain UID SEARCH, the answer lists every matching UID',
    has('SPECIAL-USE') ? 'Sent, Trash, Drafts, Junk, Archive: by their special-use flags' : 'no SPECIAL-USE: Sent, Trash, Drafts, Junk, Archive found by their names (the usual ones in several languages), else ordinary folders',
    has('CONDSTORE') ? 'CONDSTORE: list rows carry MODSEQ' : 'no CONDSTORE',
    has('IDLE') ? 'IDLE offered (Feather refreshes with NOOP when a page reuses a selected folder)' : 'no IDLE: Feather refreshes with NOOP when a page reuses a selected folder',
  );
  const personal = login?.namespaces?.personal[0];
  if (personal) {
    plan.push(
      personal.prefix
        ? `personal namespace prefix "${personal.prefix}" (delimiter "${personal.delimiter}"): folders are shown without it, Sent, Trash and the rest beside Inbox`
        : `personal namespace at the top (delimiter "${personal.delimiter}"): folders are shown as the server names them`,
    );
  }
  const other = login?.namespaces?.other ?? [];
  const shared = login?.namespaces?.shared ?? [];
  if (other.length) plan.push(`other users' folders (${other.map((n) => `"${n.prefix}"`).join(', ')}): a section "Other users"`);
  if (shared.length) plan.push(`shared folders (${shared.map((n) => `"${n.prefix}"`).join(', ')}): a section "Shared folders"`);
  return plan;
}

/** The whole check: transport, then (with credentials) a login, then what Feather will do. */
export async function diagnoseServer(server: ImapServer, credentials?: { user: string; password: string }): Promise<DoctorReport> {
  const transport = await probeTransport(server);
  const login = credentials && transport.connected ? await probeLogin(server, credentials.user, credentials.password) : undefined;
  const { ca, ...rest } = server;
  const plan = transport.connected ? featherPlan(login?.ok ? login.capabilities : transport.capabilities, login?.ok ? login : undefined) : [];
  return { server: { ...rest, extraCa: !!ca }, transport, login, plan };
}
