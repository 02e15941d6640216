import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';

// The environment, parsed once. A bad or missing variable stops the app with an error that names it.
// (PORT and HOST belong to the HTTP server and are checked by server.mjs, which reads them.)

const secureModes = ['tls', 'starttls', 'none'] as const;

const schema = z.object({
  IMAP_HOST: z.string().min(1, 'must name the IMAP server (host name or address)'),
  IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  IMAP_SECURE: z.enum(secureModes, { message: `must be one of ${secureModes.join(', ')}` }).default('tls'),
  IMAP_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  IMAP_TLS_CA_FILE: z.string().optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(8),
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60),
  SIGNIN_FAILURES_PER_USER: z.coerce.number().int().min(1).default(5),
  SIGNIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
  IMAP_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  IMAP_COMMAND_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(20),
  IMAP_SEARCH_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(120),
  SEARCH_PAGE_SECONDS: z.coerce.number().positive().max(600).default(5),
  LIVE_UPDATES: z.enum(['on', 'off'], { message: 'must be on or off' }).default('on'),
  LIVE_MAX_USERS: z.coerce.number().int().min(0).default(100),
  IMAP_MAX_CONNECTIONS: z.coerce.number().int().positive().default(200),
  IMAP_MAX_CONNECTIONS_PER_USER: z.coerce.number().int().positive().default(4),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: z.enum(secureModes, { message: `must be one of ${secureModes.join(', ')}` }).default('starttls'),
  SMTP_TLS_REJECT_UNAUTHORIZED: z.enum(['true', 'false']).default('true'),
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a domain name, e.g. school.example')
    .optional(),
  UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(25),
  NODE_ENV: z.string().default('development'),
});

export interface Config {
  imap: {
    host: string;
    port: number;
    secure: (typeof secureModes)[number];
    rejectUnauthorized: boolean;
    /** PEM of the CAs to trust besides the system's (IMAP_TLS_CA_FILE), e.g. the school's own CA. */
    ca?: string;
  };
  /** The submission server (SMTP_HOST…): without it Feather only reads mail. The CA file of IMAP is trusted for it too. */
  smtp?: {
    host: string;
    port: number;
    secure: (typeof secureModes)[number];
    rejectUnauthorized: boolean;
    ca?: string;
  };
  /** The domain of a user's address when the sign-in name has none (MAIL_DOMAIN): "carol" writes as carol@<it>. */
  mailDomain?: string;
  sessionSecret: string;
  /** The secret before the last rotation: cookies it sealed are still read (and re-sealed with the new one on save). */
  previousSessionSecret?: string;
  /** A sign-in lasts this long at most, however busy (the absolute lifetime). */
  sessionTtlSeconds: number;
  /** A sign-in unused this long has ended (the idle timeout). */
  sessionIdleMs: number;
  /** Failed sign-ins allowed before each further one doubles the wait: per user name, and per client address. */
  signInFailuresPerUser: number;
  signInFailuresPerAddress: number;
  idleTimeoutMs: number;
  commandTimeoutMs: number;
  /**
   * A search's limits: each SEARCH command may take `commandMs` (longer than other commands: a text search of a big
   * folder on a server without an index is slow, not broken), and one page of results is given `pageMs` before the
   * page shows what was found and offers to search older messages.
   */
  search: { commandMs: number; pageMs: number };
  /**
   * Live updates (server-sent events fed by IMAP IDLE/NOTIFY): whether they are offered, and for how many users at
   * once (one watching IMAP connection each); past that, pages stay as loaded until the next load.
   */
  live: { enabled: boolean; maxUsers: number };
  maxConnections: number;
  maxConnectionsPerUser: number;
  /** The largest upload of .eml files (all files of one post together), in bytes. */
  uploadMaxBytes: number;
}

export class ConfigError extends Error {
  constructor(public readonly variable: string, detail: string) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

// Used only outside production, so a developer can start without a secret; never valid in production.
const DEVELOPMENT_SECRET = 'feather-development-only-secret-do-not-deploy-0000';

export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset: `FOO=` in an env file means "not given".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const detail = issue.code === 'invalid_type' && cleaned[variable] === undefined ? 'is required' : issue.message;
    throw new ConfigError(variable, `${detail}${cleaned[variable] !== undefined && !variable.startsWith('SESSION_SECRET') ? ` (got "${cleaned[variable]}")` : ''}`);
  }
  const e = result.data;
  const production = e.NODE_ENV === 'production';
  if (!e.SESSION_SECRET && production) {
    throw new ConfigError('SESSION_SECRET', 'is required in production (at least 32 random characters)');
  }
  const defaultPort = e.IMAP_SECURE === 'tls' ? 993 : 143;
  return {
    imap: {
      host: e.IMAP_HOST,
      port: e.IMAP_PORT ?? defaultPort,
      secure: e.IMAP_SECURE,
      rejectUnauthorized: e.IMAP_TLS_REJECT_UNAUTHORIZED === 'true',
      ...(e.IMAP_TLS_CA_FILE ? { ca: readCaFile('IMAP_TLS_CA_FILE', e.IMAP_TLS_CA_FILE) } : {}),
    },
    ...(e.SMTP_HOST
      ? {
          smtp: {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT ?? (e.SMTP_SECURE === 'tls' ? 465 : 587),
            secure: e.SMTP_SECURE,
            rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED === 'true',
            ...(e.IMAP_TLS_CA_FILE ? { ca: readCaFile('IMAP_TLS_CA_FILE', e.IMAP_TLS_CA_FILE) } : {}),
          },
        }
      : {}),
    ...(e.MAIL_DOMAIN ? { mailDomain: e.MAIL_DOMAIN.toLowerCase() } : {}),
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SECRET,
    ...(e.SESSION_SECRET_PREVIOUS ? { previousSessionSecret: e.SESSION_SECRET_PREVIOUS } : {}),
    sessionTtlSeconds: Math.round(e.SESSION_TTL_HOURS * 3600),
    sessionIdleMs: Math.round(e.SESSION_IDLE_MINUTES * 60_000),
    signInFailuresPerUser: e.SIGNIN_FAILURES_PER_USER,
    signInFailuresPerAddress: e.SIGNIN_FAILURES_PER_ADDRESS,
    idleTimeoutMs: e.IMAP_IDLE_TIMEOUT_SECONDS * 1000,
    commandTimeoutMs: e.IMAP_COMMAND_TIMEOUT_SECONDS * 1000,
    search: { commandMs: e.IMAP_SEARCH_TIMEOUT_SECONDS * 1000, pageMs: Math.round(e.SEARCH_PAGE_SECONDS * 1000) },
    live: { enabled: e.LIVE_UPDATES === 'on' && e.LIVE_MAX_USERS > 0, maxUsers: e.LIVE_MAX_USERS },
    maxConnections: e.IMAP_MAX_CONNECTIONS,
    maxConnectionsPerUser: e.IMAP_MAX_CONNECTIONS_PER_USER,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
  };
}

/** A PEM file of CA certificates, read and checked now: a wrong path stops the server at start, not at sign-in. */
function readCaFile(variable: string, file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(variable, `names a file that cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}: ${file})`);
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (blocks.length === 0) throw new Error('no certificate');
    for (const b of blocks) new X509Certificate(b);
  } catch {
    throw new ConfigError(variable, `must name a PEM file of CA certificates (${file} holds none that can be read)`);
  }
  return pem;
}

let cached: Config | undefined;

/** The configuration of this process, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
