// Sending: SMTP submission with nodemailer, as the signed-in user (the same name and password as IMAP), one
// connection per message. The only place that talks SMTP; what it throws is Feather's one error type.
import tls from 'node:tls';
import type { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import { MailError } from '@/lib/errors';
import { log } from '@/lib/log.mjs';

export interface SmtpAccount {
  user: string;
  password: string;
}

/** The submission server, as configured (SMTP_HOST, SMTP_PORT, SMTP_SECURE, SMTP_TLS_REJECT_UNAUTHORIZED). */
export interface SmtpServer {
  host: string;
  port: number;
  secure: 'tls' | 'starttls' | 'none';
  rejectUnauthorized: boolean;
  ca?: string;
}

/**
 * What an SMTP reply's enhanced status code (RFC 3463) means, in words: the user reads these, the server's own
 * text goes to the log (it would otherwise be text anyone could put in a link to Feather).
 */
const STATUS_WORDS: Record<string, string> = {
  '1.1': 'that mailbox does not exist',
  '1.2': 'that domain does not exist',
  '1.3': 'that address is not valid',
  '1.8': 'the sender’s address is not accepted',
  '2.1': 'that mailbox is disabled',
  '2.2': 'that mailbox is full',
  '2.3': 'the message is larger than the server allows',
  '3.4': 'the message is larger than the server takes',
  '4.4': 'the recipient’s server cannot be reached',
  '5.3': 'there are too many recipients',
  '7.1': 'the server does not allow it',
  '7.8': 'the sign-in was not accepted',
  '7.0': 'the server does not allow it',
};

/** An enhanced status code ("5.3.4") from an SMTP reply, if it has one. */
export function statusCodeOf(response: unknown): string | undefined {
  if (typeof response !== 'string') return undefined;
  return /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1];
}

/** The words for an enhanced status code: what went wrong, and whether trying later may help (4.x.x). */
export function statusWords(code: string): string | undefined {
  const m = /^([245])\.(\d{1,3}\.\d{1,3})$/.exec(code);
  if (!m) return undefined;
  const words = STATUS_WORDS[m[2]] ?? 'the server gave no reason',
    later = m[1] === '4' ? '; it may work if you try again later' : '';
  return `${words}${later} (${code})`;
}

/** Who a message goes to, and how large it is (bytes, for SIZE=; an estimate is enough). */
export interface Envelope {
  from: string;
  to: string[];
  size?: number;
}

/** What the server said to a message it took, and the recipients it refused (it was sent to the others). */
export interface Sent {
  response: string;
  refused: string[];
}

/** A refusal of the SMTP server: its enhanced status code (RFC 3463), and the recipients it refused. */
export class SmtpRefusal extends MailError {
  constructor(
    code: 'smtp-refused' | 'recipient-refused',
    public readonly status: string | undefined,
    public readonly recipients: string[] = [],
  ) {
    super(code, status);
  }
}

/** Where and how to connect: the server, its TLS mode, and the CAs trusted for it (the system's and the school's). */
function connectionOf(smtp: SmtpServer) {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    tls: { rejectUnauthorized: smtp.rejectUnauthorized, ...(smtp.ca ? { ca: [...tls.rootCertificates, smtp.ca] } : {}) },
  };
}

/**
 * Sends `raw` (the whole message, Bcc left out, as bytes or a stream read as it goes) to the envelope's recipients. Throws MailError: `smtp-unreachable`,
 * `smtp-auth` (the server refused the user's sign-in), or an SmtpRefusal (the server's reply kept).
 */
export async function sendRaw(smtp: SmtpServer, account: SmtpAccount, envelope: Envelope, raw: Buffer | Readable): Promise<Sent> {
  const transport = nodemailer.createTransport({
    ...connectionOf(smtp),
    auth: { user: account.user, pass: account.password },
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  try {
    // `size` goes with MAIL FROM (SIZE=, RFC 1870): a server that takes less refuses before the bytes are sent.
    const info = (await transport.sendMail({ envelope: { ...envelope }, raw })) as { response?: string; rejected?: Array<string | { address: string }> };
    const rejected = (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : r.address));
    if (rejected.length) log.warn({ user: account.user, smtp: `${smtp.host}:${smtp.port}`, refused: rejected.length }, 'SMTP refused some recipients; sent to the others');
    return { response: String(info.response ?? ''), refused: rejected };
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; response?: string; rejected?: string[]; message?: string };
    log.warn({ user: account.user, smtp: `${smtp.host}:${smtp.port}`, code: e.code, responseCode: e.responseCode, response: e.response }, 'SMTP did not take the message');
    if (e.code === 'EAUTH') throw new MailError('smtp-auth', e.response ?? e.message, { cause: err });
    // Larger than the SIZE the server announced: nodemailer stops before MAIL FROM.
    if (e.code === 'EMESSAGE' && /size/i.test(e.message ?? '')) throw new SmtpRefusal('smtp-refused', '5.3.4');
    if (e.code === 'EENVELOPE' && e.rejected?.length) throw new SmtpRefusal('recipient-refused', statusCodeOf(e.response), e.rejected);
    if (e.responseCode && e.responseCode >= 400) throw new SmtpRefusal('smtp-refused', statusCodeOf(e.response));
    if (e.code === 'ETLS' || /certificate|self.signed/i.test(e.message ?? '')) throw new MailError('server-setup', e.message, { cause: err });
    throw new MailError('smtp-unreachable', e.message, { cause: err });
  } finally {
    transport.close();
  }
}

/** The IMAP server a submission server says it fetches BURL messages from (its EHLO line "BURL imap imap://host:port"). */
export interface BurlImapServer {
  host: string;
  port: number;
}

/** The IMAP servers of an EHLO reply's BURL line: null without BURL for IMAP, [] when it names none ("BURL imap"). */
export function burlServersOf(ehlo: string): BurlImapServer[] | null {
  const line = /^250[ -]BURL\b([^\r\n]*)/im.exec(ehlo)?.[1];
  if (line === undefined) return null;
  const words = line.trim().split(/\s+/);
  if (!words.some((w) => w.toLowerCase() === 'imap' || w.toLowerCase().startsWith('imap://'))) return null;
  const servers: BurlImapServer[] = [];
  for (const w of words) {
    if (!/^imap:\/\//i.test(w)) continue;
    try {
      const u = new URL(w);
      servers.push({ host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : 143 });
    } catch {
      // Not a URL: the plain "imap" word says enough.
    }
  }
  return servers;
}

/**
 * Sends a message the IMAP server holds, by its URLAUTH URL (BURL, RFC 4468): the submission server fetches it
 * from IMAP itself, so its bytes never pass through Feather. The dialogue runs on nodemailer's own SMTP connection
 * (its reply parsing, timeouts and TLS), through its custom-authentication hook, which hands over a command sender:
 * `AUTH PLAIN`, `EHLO` again (BURL is announced after AUTH, with the IMAP servers it reaches), then `urlFor` is
 * asked for the message's URL on that server (it builds the message and runs GENURLAUTH meanwhile), then
 * `MAIL FROM`, `RCPT TO` and `BURL <url> LAST`. Throws as sendRaw does, and `no-burl` when the server has no BURL
 * for IMAP or cannot fetch the URL (the caller then sends the message itself); what `urlFor` throws, as it is.
 */
export async function sendByBurl(smtp: SmtpServer, account: SmtpAccount, envelope: Envelope, urlFor: (imap: BurlImapServer | undefined) => Promise<string>): Promise<Sent> {
  type Reply = { status: number; response: string };
  type Send = (cmd: string) => Promise<Reply>;
  let result = '';
  let refusal: unknown;
  const refused: string[] = [];
  const dialogue = async (send: Send) => {
    const auth = await send(`AUTH PLAIN ${Buffer.from(`\u0000${account.user}\u0000${account.password}`).toString('base64')}`);
    if (auth.status !== 235) throw (refusal = new MailError('smtp-auth', auth.response));
    const ehlo = await send(`EHLO ${(connection as unknown as { name: string }).name}`);
    // (nodemailer gives a multi-line reply status 0: its lines are read instead.)
    const servers = burlServersOf(ehlo.response);
    if (!servers) throw (refusal = new MailError('no-burl', 'BURL imap not announced after AUTH'));
    let url: string;
    try {
      url = await urlFor(servers[0]);
    } catch (err) {
      throw (refusal = err);
    }
    const size = envelope.size && /^250[ -]SIZE\b/im.test(ehlo.response) ? ` SIZE=${Math.ceil(envelope.size)}` : '';
    const from = await send(`MAIL FROM:<${envelope.from}>${size}`);
    if (from.status !== 250) throw (refusal = new SmtpRefusal('smtp-refused', statusCodeOf(from.response)));
    // As nodemailer does: refused recipients are told; the message goes to the others, unless there are none.
    let lastRefusal = '';
    for (const to of envelope.to) {
      const reply = await send(`RCPT TO:<${to}>`);
      if (reply.status >= 400) {
        refused.push(to);
        lastRefusal = reply.response;
      }
    }
    if (refused.length === envelope.to.length) throw (refusal = new SmtpRefusal('recipient-refused', statusCodeOf(lastRefusal), refused));
    const burl = await send(`BURL ${url} LAST`);
    if (burl.status === 500 || burl.status === 502) throw (refusal = new MailError('no-burl', burl.response));
    // 5.6.x / 4.6.x: the server could not fetch the URL (RFC 4468 §6): the message can still be sent as bytes.
    if (burl.status !== 250) throw (refusal = /^[45]\.6\./.test(statusCodeOf(burl.response) ?? '') ? new MailError('no-burl', burl.response) : new SmtpRefusal('smtp-refused', statusCodeOf(burl.response)));
    result = burl.response;
  };
  const { default: SMTPConnection } = await import('nodemailer/lib/smtp-connection');
  const connection = new SMTPConnection({
    ...connectionOf(smtp),
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 120_000,
    customAuth: {
      'FEATHER-BURL': async (ctx: { sendCommand: Send; resolve: () => void; reject: (err: unknown) => void }) => {
        try {
          await dialogue(ctx.sendCommand);
          ctx.resolve();
        } catch {
          // nodemailer rewrites the code and message of the error it is given: it gets one of its own.
          ctx.reject(new Error('the BURL submission ended early'));
        }
      },
    },
  } as never);
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect(() => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      connection.login({ method: 'FEATHER-BURL', user: account.user, pass: account.password } as never, (err?: Error | null) => (err ? reject(err) : resolve()));
    });
    return { response: result, refused };
  } catch (err) {
    if (refusal) throw refusal;
    if (err instanceof MailError) throw err;
    const e = err as { code?: string; message?: string };
    log.warn({ user: account.user, smtp: `${smtp.host}:${smtp.port}`, code: e.code, err: e.message }, 'BURL submission failed');
    throw new MailError('smtp-unreachable', e.message, { cause: err });
  } finally {
    connection.close();
  }
}
