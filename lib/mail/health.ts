import 'server-only';
// /health for monitoring: does the IMAP server answer Feather (its greeting, over TLS when configured)? Public, so it
// says only "ok" or what kind of trouble, never host names or server texts; one probe per few seconds at most,
// however often it is asked.
import { NO_STORE } from '@/lib/http';
import { processWide } from '@/lib/process-state';
import { configuredServer, probeTransport } from '@/lib/imap';

const FRESH_MS = 5000;

interface Checked {
  at: number;
  answer: Promise<{ ok: boolean; imap: string }>;
}

/** The last probe, shared by every request of the process. */
const lastProbe = () => processWide('health', () => ({ checked: undefined as Checked | undefined }));

async function check(): Promise<{ ok: boolean; imap: string }> {
  const server = configuredServer();
  const t = await probeTransport(server, 3000);
  if (!t.connected) return { ok: false, imap: /ETIMEDOUT|no answer|no IMAP greeting|no connection/.test(t.error ?? '') ? 'timeout' : 'unreachable' };
  if (t.tls && !t.tls.trusted && server.rejectUnauthorized) return { ok: false, imap: 'certificate not trusted' };
  return { ok: true, imap: 'ok' };
}

export async function healthResponse(): Promise<Response> {
  const state = lastProbe();
  let last = state.checked;
  if (!last || Date.now() - last.at > FRESH_MS) state.checked = last = { at: Date.now(), answer: check() };
  const { ok, imap } = await last.answer;
  return Response.json({ status: ok ? 'ok' : 'unavailable', imap }, { status: ok ? 200 : 503, headers: { 'Cache-Control': NO_STORE } });
}
