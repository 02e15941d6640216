// The module boundaries lint enforces (eslint.config.mjs), on resolved paths: imapflow only in lib/imap; routes
// through lib/mail only; components without lib/imap, lib/config or lib/session.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary complaints ESLint has about `code` placed at `file` (nothing is written). */
async function refused(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message);
}

/** The ways one module can bring in another: static, re-export, dynamic, require. */
const ways = (spec: string) => [
  `import * as m from '${spec}';\nexport const x = m;\n`,
  `export { default as x } from '${spec}';\n`,
  `export const x = () => import('${spec}');\n`,
  `// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const x = require('${spec}');\n`,
];

describe('lint boundaries', () => {
  it('refuse imapflow outside lib/imap, however it is brought in (subpaths too)', async () => {
    for (const file of ['components/Probe.tsx', 'lib/mail/probe.ts', 'lib/mime/probe.ts', 'lib/session/probe.ts', 'proxy.ts', 'rig/probe.ts', 'scripts/probe.ts', 'app/mail/probe/page.tsx']) {
      for (const code of [...ways('imapflow'), ...ways('imapflow/lib/imap-flow')]) expect(await refused(file, code), `${file}: ${code}`).toHaveLength(1);
    }
    expect(await refused('lib/imap/probe.ts', ways('imapflow')[0])).toEqual([]);
  }, 120_000);

  it('refuse lib/imap, lib/mime, lib/config and lib/session in routes, however imported; lib/mail and lib/urls pass', async () => {
    for (const spec of ['@/lib/imap', '@/lib/imap/mail', '../../../lib/mime/decode', '@/lib/mime/plan', '@/lib/config', '@/lib/session', '@/lib/session/cookie', '@/lib/mail/../imap']) {
      for (const code of ways(spec)) expect(await refused('app/mail/probe/page.tsx', code), code).toHaveLength(1);
    }
    expect(await refused('app/mail/probe/page.tsx', "import { requireUser } from '@/lib/mail';\nimport { folderUrl } from '@/lib/urls';\nexport const x = [requireUser, folderUrl];\n")).toEqual([]);
  }, 120_000);

  it('keep components off lib/imap, lib/config and lib/session; their types come from lib/mail', async () => {
    for (const spec of ['@/lib/imap', '@/lib/imap/types', '@/lib/config', '@/lib/session']) {
      expect(await refused('components/Probe.tsx', ways(spec)[0]), spec).toHaveLength(1);
    }
    expect(await refused('components/Probe.tsx', "import type { MessageSummary } from '@/lib/mail';\nimport { formatBytes } from '@/lib/mime/format';\nexport const x = (m: MessageSummary) => formatBytes(m.size);\n")).toEqual([]);
  }, 120_000);
});
