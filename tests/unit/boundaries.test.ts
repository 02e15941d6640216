// The module boundaries lint enforces (eslint.config.mjs): imapflow only in lib/imap; routes through lib/mail only.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint boundaries', () => {
  it('refuse imapflow outside lib/imap', async () => {
    const code = "import { ImapFlow } from 'imapflow';\nexport const x = ImapFlow;\n";
    expect(await restricted('components/Probe.tsx', code)).toHaveLength(1);
    expect(await restricted('lib/mail/probe.ts', code)).toHaveLength(1);
    expect(await restricted('lib/mime/probe.ts', code)).toHaveLength(1);
    expect(await restricted('proxy.ts', code)).toHaveLength(1);
    expect(await restricted('lib/imap/probe.ts', code)).toEqual([]);
  }, 60_000);

  it('refuse lib/imap, lib/mime, lib/config and lib/session in routes, however imported; lib/mail and lib/urls pass', async () => {
    for (const spec of ['@/lib/imap', '@/lib/imap/mail', '../../lib/mime/decode', '@/lib/mime/plan', '@/lib/config', '@/lib/session']) {
      expect(await restricted('app/mail/probe/page.tsx', `import * as m from '${spec}';\nexport const x = m;\n`), spec).toHaveLength(1);
    }
    expect(await restricted('app/mail/probe/page.tsx', "import { requireUser } from '@/lib/mail';\nimport { folderUrl } from '@/lib/urls';\nexport const x = [requireUser, folderUrl];\n")).toEqual([]);
  }, 60_000);
});
