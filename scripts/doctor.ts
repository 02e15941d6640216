/**
 * npm run doctor — connects to the configured IMAP server with Feather's own settings (the same environment as
 * the server: IMAP_HOST, IMAP_PORT, IMAP_SECURE, IMAP_TLS_CA_FILE, IMAP_TLS_REJECT_UNAUTHORIZED) and prints what
 * an administrator needs: TLS and the certificate chain, capabilities, namespaces, special-use folders, whether a
 * test login works (DOCTOR_USER and DOCTOR_PASSWORD, optional; the password is never printed), and what Feather
 * does differently on this server. Exit code 0 when Feather can work with it, 1 when not.
 */
import { ConfigError, parseConfig } from '../lib/config';
import { diagnoseServer } from '../lib/imap/doctor';

async function main(): Promise<number> {
  let server;
  try {
    server = parseConfig({ SESSION_SECRET: undefined, ...process.env, NODE_ENV: 'development' }).imap;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.log(err.message);
      return 1;
    }
    throw err;
  }
  const user = process.env.DOCTOR_USER;
  const password = process.env.DOCTOR_PASSWORD;
  const r = await diagnoseServer(server, user && password ? { user, password } : undefined);
  const ok = (b: boolean) => (b ? 'ok  ' : 'FAIL');
  const out: string[] = [];
  out.push(`Feather doctor: ${r.server.host}:${r.server.port}, IMAP_SECURE=${r.server.secure}, certificate verification ${r.server.rejectUnauthorized ? 'on' : 'OFF'}, ${r.server.extraCa ? 'IMAP_TLS_CA_FILE given' : 'system CAs only'}`);
  out.push('');
  out.push(`${ok(r.transport.connected)} connection${r.transport.error ? `: ${r.transport.error}` : ''}`);
  if (r.transport.tls) {
    const t = r.transport.tls;
    out.push(`${ok(t.trusted || !r.server.rejectUnauthorized)} TLS ${t.protocol ?? ''}: certificate ${t.trusted ? 'trusted' : `NOT trusted (${t.reason})${r.server.rejectUnauthorized ? ' - name the issuing CA in IMAP_TLS_CA_FILE' : ' - accepted anyway (IMAP_TLS_REJECT_UNAUTHORIZED=false)'}`}`);
    t.chain.forEach((c, i) => out.push(`       chain ${i}: ${c.subject}  (issued by ${c.issuer}, valid until ${c.validTo})`));
  } else if (r.transport.connected) {
    out.push(`note no TLS: the password travels in plain text (only for a server on this host)`);
  }
  if (r.transport.greeting) out.push(`     greeting: ${r.transport.greeting}`);
  if (r.transport.capabilities.length) out.push(`     capabilities before login: ${r.transport.capabilities.join(' ')}`);
  if (r.login) {
    const l = r.login;
    out.push(`${ok(l.ok)} test login as ${user}${l.ok ? '' : `: ${l.code} - ${l.error}`}`);
    if (l.ok) {
      out.push(`     capabilities after login: ${l.capabilities.join(' ')}`);
      const ns = (list: Array<{ prefix: string; delimiter: string }> = []) => (list.length ? list.map((n) => `"${n.prefix}" (delimiter "${n.delimiter}")`).join(', ') : 'none');
      out.push(`     namespaces: personal ${ns(l.namespaces?.personal)}; other users ${ns(l.namespaces?.other)}; shared ${ns(l.namespaces?.shared)}`);
      out.push(`     LIST names: ${l.folders}; special-use: ${l.specialUse.map((s) => `${s.use}=${s.path}`).join(', ') || 'none found'}`);
      if (l.sections) out.push(`     tree sections: ${l.sections.map((s) => `${s.kind}${s.prefix ? ` "${s.prefix}"` : ''} (${s.folders} ${s.folders === 1 ? 'folder' : 'folders'} to open)`).join('; ')}`);
    }
  } else if (user && password) {
    out.push('skip test login: there is no connection to try it on');
  } else {
    out.push('skip test login (set DOCTOR_USER and DOCTOR_PASSWORD to try one)');
  }
  out.push('');
  out.push('What Feather does on this server:');
  for (const line of r.plan) out.push(`  - ${line}`);
  if (r.plan.length === 0) out.push('  (nothing to judge: no connection)');
  console.log(out.join('\n'));
  const usable = r.transport.connected && (!r.transport.tls || r.transport.tls.trusted || !r.server.rejectUnauthorized) && (!r.login || r.login.ok);
  return usable ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
