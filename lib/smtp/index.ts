// Sending: SMTP submission with nodemailer, as the signed-in user (the same name and password as IMAP), one
// connection per message. The only place that talks SMTP; what it throws is Feather's one error type.
import tls from 'node:tls';
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

/** What the server said, in words: its reply without the status digits, at most 200 characters. */
function replyText(response: unknown): string | undefined {
  if (typeof response !== 'string') return undefined;
  const text = response
    .replace(/^\d{3}[ -](\d\.\d{1,3}\.\d{1,3} )?/, '')
    .replace(/[\r\n]+/g, ' ')
    .trim();
  return text ? text.slice(0, 200) : undefined;
}

/** A refusal of the SMTP server, with its reply in words (shown to the user) and the recipients it refused. */
export class SmtpRefusal extends MailError {
  constructor(
    code: 'smtp-refused' | 'recipient-refused',
    public readonly reply: string | undefined,
    public readonly recipients: string[] = [],
  ) {
    super(code, reply);
  }
}

/**
 * Sends `raw` (the whole message, Bcc left out) to the envelope's recipients. Throws MailError: `smtp-unreachable`,
 * `smtp-auth` (the server refused the user's sign-in), or an SmtpRefusal (the server's reply kept).
 */
export async function sendRaw(smtp: SmtpServer, account: SmtpAccount, envelope: { from: string; to: string[] }, raw: Buffer): Promise<{ response: string }> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure === 'tls',
    requireTLS: smtp.secure === 'starttls',
    ignoreTLS: smtp.secure === 'none',
    tls: { rejectUnauthorized: smtp.rejectUnauthorized, ...(smtp.ca ? { ca: [...tls.rootCertificates, smtp.ca] } : {}) },
    auth: { user: account.user, pass: account.password },
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ envelope, raw });
    return { response: String(info.response ?? '') };
  } catch (err) {
    const e = err as { code?: string; responseCode?: number; response?: string; rejected?: string[]; message?: string };
    log.warn({ user: account.user, smtp: `${smtp.host}:${smtp.port}`, code: e.code, responseCode: e.responseCode, response: e.response }, 'SMTP did not take the message');
    if (e.code === 'EAUTH') throw new MailError('smtp-auth', e.response ?? e.message, { cause: err });
    if (e.code === 'EENVELOPE' && e.rejected?.length) throw new SmtpRefusal('recipient-refused', replyText(e.response), e.rejected);
    if (e.responseCode && e.responseCode >= 400) throw new SmtpRefusal('smtp-refused', replyText(e.response));
    if (e.code === 'ETLS' || /certificate|self.signed/i.test(e.message ?? '')) throw new MailError('server-setup', e.message, { cause: err });
    throw new MailError('smtp-unreachable', e.message, { cause: err });
  } finally {
    transport.close();
  }
}
