// What ships in deploy/ besides the nginx site (which nginx.test.ts runs): the systemd unit, checked by systemd's own
// tools; and the server's refusal to serve a base path its build was not made for.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../rig/net';
import { PROJECT_ROOT } from '../../rig/paths';
import { SUBPATH, SUBPATH_DIST_DIR } from '../helpers/global-subpath';

const UNIT = path.join(PROJECT_ROOT, 'deploy', 'feather.service');

/** The unit's settings of one section, in order (a key may come several times). */
function settings(unit: string, section: string): Array<[string, string]> {
  const body = unit.split(/^\[/m).find((s) => s.startsWith(section + ']')) ?? '';
  return body
    .split('\n')
    .slice(1)
    .filter((l) => /^[A-Za-z]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

describe('deploy/feather.service', () => {
  const unit = fs.readFileSync(UNIT, 'utf8');

  it('is a unit systemd accepts as it is, with nothing unknown or misspelt', () => {
    // systemd-analyze checks ExecStart's program exists: a Node.js elsewhere than Debian's /usr/bin/node stands in.
    let file = UNIT;
    if (!fs.existsSync('/usr/bin/node')) {
      file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'feather-unit-')), 'feather.service');
      fs.writeFileSync(file, unit.replace('/usr/bin/node', process.execPath));
    }
    const r = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    expect(r.error, 'systemd-analyze (Debian package systemd) must be installed').toBeUndefined();
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs Feather as its own user, restarts it when it fails, and reads its settings from /etc/feather', () => {
    const service = Object.fromEntries(settings(unit, 'Service'));
    expect(service).toMatchObject({ User: 'feather', Group: 'feather', Restart: 'on-failure', EnvironmentFile: '/etc/feather/feather.env', WorkingDirectory: '/opt/feather', ExecStart: '/usr/bin/node /opt/feather/server.mjs' });
    expect(service.Environment).toMatch(/\bNODE_ENV=production\b/);
  });

  it('is sandboxed: systemd rates its exposure low', () => {
    const r = spawnSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', UNIT], { encoding: 'utf8' });
    const level = /Overall exposure level for feather\.service: (\d+(?:\.\d+)?)/.exec(r.stdout)?.[1];
    expect(level, r.stdout + r.stderr).toBeDefined();
    // 0 is fully confined, 10 not at all; systemd calls up to 2 "OK". (Node.js's JIT rules out MemoryDenyWriteExecute.)
    expect(Number(level)).toBeLessThanOrEqual(2);
    for (const must of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'PrivateDevices=yes', 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX', 'CapabilityBoundingSet=']) {
      expect(unit.split('\n'), must).toContain(must);
    }
  });
});

describe('the base path at run time', () => {
  /** server.mjs on the /webmail build, with `env` on top; stopped after 30 s if it does not exit by itself. */
  async function serve(env: Record<string, string>) {
    return spawnSync(process.execPath, ['server.mjs'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(await freePort()), IMAP_HOST: '127.0.0.1', IMAP_SECURE: 'none', SESSION_SECRET: 'x'.repeat(40), FEATHER_DIST_DIR: SUBPATH_DIST_DIR, ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('is the build\'s: FEATHER_BASE_PATH set to another one stops the server at start, naming both', async () => {
    const r = await serve({ FEATHER_BASE_PATH: '/mail' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Feather cannot start. Configuration error: FEATHER_BASE_PATH is "/mail", but the build in ${SUBPATH_DIST_DIR} was made with "${SUBPATH}"`);
    expect(r.stderr).toContain('npm run build');
    const root = await serve({ FEATHER_BASE_PATH: '' });
    expect(root.status).toBe(1);
    expect(root.stderr).toContain(`FEATHER_BASE_PATH is empty (the site's root), but the build in ${SUBPATH_DIST_DIR} was made with "${SUBPATH}"`);
  });

  it('and a malformed one is refused as such', async () => {
    const r = await serve({ FEATHER_BASE_PATH: '/webmail/' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FEATHER_BASE_PATH must not end with "/" (got "/webmail/")');
  });
});
