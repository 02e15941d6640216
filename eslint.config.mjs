import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Module boundaries, checked on resolved paths (so `import()`, `require`, subpaths and `../` detours count too):
// imapflow only in lib/imap; routes reach mail through lib/mail, the one door; components get plain props.
const SOURCE = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}';
const behindTheDoor = ['./lib/imap', './lib/mime', './lib/config.ts', './lib/session'];

/**
 * A config block: in the files under `dir` (all when empty), nothing may come from imapflow nor from `from`. (The tests use
 * imapflow as an independent second client, the "other device" of a user, never through the app; lib/imap is
 * imapflow's one home.)
 */
function boundary(dir, from = [], message = '') {
  const zones = [{ target: '.', from: './node_modules/imapflow', message: 'Only lib/imap imports imapflow.' }];
  if (from.length > 0) zones.push({ target: '.', from, message });
  return { files: [dir + SOURCE], ignores: ['lib/imap/**', 'tests/**'], rules: { 'import/no-restricted-paths': ['error', { zones }] } };
}

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.next-webmail/**', 'node_modules/**', '.data/**', 'next-env.d.ts'] },
  {
    rules: {
      // Plain <a href> links are deliberate: every page must work without JavaScript and in text browsers.
      '@next/next/no-html-link-for-pages': 'off',
      '@next/next/no-img-element': 'off',
    },
  },
  // A later block's rule replaces an earlier one's for the same files, so every block names imapflow again.
  boundary(''),
  boundary('app/', behindTheDoor, 'Routes reach mail through @/lib/mail only (with lib/urls and components).'),
  boundary('components/', ['./lib/imap', './lib/config.ts', './lib/session'], 'Components take plain props; types come from @/lib/mail.'),
];

export default config;
