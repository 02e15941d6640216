// Test-side client of the counting proxy that sits between the e2e app and Dovecot (see global-app.ts).
import { inject } from 'vitest';
import type { ProxyStats } from '../../rig/imap-proxy';

async function post(path: string): Promise<void> {
  const res = await fetch(inject('proxyControlUrl') + path, { method: 'POST' });
  if (!res.ok) throw new Error(`proxy control ${path}: ${res.status}`);
}

export const proxyControl = {
  reset: () => post('/reset'),
  drop: () => post('/drop'),
  blackhole: (on: boolean) => post(`/blackhole?on=${on ? 1 : 0}`),
  stats: async (): Promise<ProxyStats> => (await fetch(inject('proxyControlUrl') + '/stats')).json() as Promise<ProxyStats>,
};

/** Ids of the proxied connections open now that signed in as `user` (the proxy's connection log). */
export function openConnectionsOf(stats: ProxyStats, user: string): number[] {
  return stats.connectionLog.filter((c) => c.open && c.user === user).map((c) => c.id);
}
