import 'server-only';
// /health for monitoring: does the IMAP server answer Feather (its greeting, over TLS when configured)? Public, so it
// says only "ok" or what kind of trouble, never host names or server texts; one probe per few seconds at most,
// however often it is asked.
import { NO_STORE } from '@/lib/http';
import { configuredServer, probeTransport } from '@/lib/imap';

const FRESH_MS = 5000;
const KEY = Symbol.for('feather.health');

interface Checked {
  at: number;
  answer: Promise<{ ok: boolean; imap: string }>;
}

async function check(): Promise<{ ok: boolean; imap: string }> {
  const server = configuredServer();
  const t = await probeTransport(server, 3000);
  if (!t.connected) return { ok: false, imap: /ETIMEDOUT|no answer|no IMAP greeting|no connection/.test(t.error ?? '') ? 'timeout' : 'unreachable' };
  if (t.tls && !t.tls.trusted && server.rejectUnauthorized) return { ok: false, imap: 'certificate not trusted' };
  return { ok: true, imap: 'ok' };
}

export async function healthResponse(): Promise<Response> {
  const g = globalThis as unknown as Record<symbol, Checked | undefined>;
  let last = g[KEY];
  if (!last || Date.now() - last.at > FRESH_MS) g[KEY] = last = { at: Date.now(), answer: check() };
  const { ok, imap } = await last.answer;
  return Response.json({ status: ok ? 'ok' : 'unavailable', imap }, { status: ok ? 200 : 503, headers: { 'Cache-Control': NO_STORE } });
}
