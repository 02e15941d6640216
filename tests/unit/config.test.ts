import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/config';

const good = { IMAP_HOST: 'imap.example.edu', SESSION_SECRET: 'x'.repeat(32), NODE_ENV: 'production' };

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads a complete environment, with defaults', () => {
    const c = parseConfig(good);
    expect(c.imap).toEqual({ host: 'imap.example.edu', port: 993, secure: 'tls', rejectUnauthorized: true });
    expect(c.idleTimeoutMs).toBe(300_000);
    expect(c.search).toEqual({ commandMs: 120_000, pageMs: 5000 });
  });

  it('reads the search limits, and refuses a page limit that is no number', () => {
    expect(parseConfig({ ...good, IMAP_SEARCH_TIMEOUT_SECONDS: '300', SEARCH_PAGE_SECONDS: '2.5' }).search).toEqual({ commandMs: 300_000, pageMs: 2500 });
    expect(errorOf({ ...good, SEARCH_PAGE_SECONDS: 'soon' }).variable).toBe('SEARCH_PAGE_SECONDS');
  });

  it('defaults the IMAP port to 143 for starttls and none', () => {
    expect(parseConfig({ ...good, IMAP_SECURE: 'starttls' }).imap.port).toBe(143);
    expect(parseConfig({ ...good, IMAP_SECURE: 'none', IMAP_PORT: '1143' }).imap.port).toBe(1143);
  });

  it('reads the submission server: none without SMTP_HOST, ports by SMTP_SECURE, MAIL_DOMAIN checked', () => {
    expect(parseConfig(good).smtp).toBeUndefined();
    expect(parseConfig({ ...good, SMTP_HOST: 'smtp.example.edu' }).smtp).toEqual({ host: 'smtp.example.edu', port: 587, secure: 'starttls', rejectUnauthorized: true });
    expect(parseConfig({ ...good, SMTP_HOST: 'smtp.example.edu', SMTP_SECURE: 'tls' }).smtp?.port).toBe(465);
    expect(parseConfig({ ...good, MAIL_DOMAIN: 'Example.EDU' }).mailDomain).toBe('example.edu');
    expect(errorOf({ ...good, MAIL_DOMAIN: 'not a domain' }).variable).toBe('MAIL_DOMAIN');
    expect(errorOf({ ...good, SMTP_HOST: 'x', SMTP_SECURE: 'ssl' }).variable).toBe('SMTP_SECURE');
    expect(parseConfig(good).uploadMaxBytes).toBe(25 * 1024 * 1024);
  });

  it('names a missing IMAP_HOST', () => {
    const e = errorOf({ ...good, IMAP_HOST: undefined });
    expect(e.variable).toBe('IMAP_HOST');
    expect(e.message).toMatch(/IMAP_HOST/);
  });

  it('names a bad IMAP_SECURE and IMAP_PORT', () => {
    expect(errorOf({ ...good, IMAP_SECURE: 'ssl' }).variable).toBe('IMAP_SECURE');
    expect(errorOf({ ...good, IMAP_PORT: 'abc' }).variable).toBe('IMAP_PORT');
    expect(errorOf({ ...good, IMAP_PORT: '70000' }).variable).toBe('IMAP_PORT');
  });

  it('refuses a short SESSION_SECRET without echoing it', () => {
    const e = errorOf({ ...good, SESSION_SECRET: 'short-secret' });
    expect(e.variable).toBe('SESSION_SECRET');
    expect(e.message).not.toContain('short-secret');
  });

  it('refuses to run in production without SESSION_SECRET, but allows development', () => {
    expect(errorOf({ ...good, SESSION_SECRET: undefined }).variable).toBe('SESSION_SECRET');
    expect(parseConfig({ ...good, SESSION_SECRET: '', NODE_ENV: 'development' }).sessionSecret.length).toBeGreaterThanOrEqual(32);
  });
});
