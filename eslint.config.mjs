import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Module boundaries, checked on resolved paths (so `import()`, `require`, subpaths and `../` detours count too):
// imapflow only in lib/imap; routes reach mail through lib/mail, the one door; components get plain props.
const SOURCE = '**/*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}';
const behindTheDoor = ['./lib/imap', './lib/mime', './lib/config.ts', './lib/session'];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', '.data/**', 'next-env.d.ts'] },
  {
    rules: {
      // Plain <a href> links are deliberate: every page must work without JavaScript and in text browsers.
      '@next/next/no-html-link-for-pages': 'off',
      '@next/next/no-img-element': 'off',
    },
  },
  {
    // Everything but lib/imap. (The tests use imapflow as an independent second client, the "other device" of a
    // user, never through the app: they are outside this rule.)
    files: [SOURCE],
    ignores: ['lib/imap/**', 'tests/**'],
    rules: { 'import/no-restricted-paths': ['error', { zones: [{ target: '.', from: './node_modules/imapflow', message: 'Only lib/imap imports imapflow.' }] }] },
  },
  {
    files: ['app/' + SOURCE],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: '.', from: './node_modules/imapflow', message: 'Only lib/imap imports imapflow.' },
            { target: '.', from: behindTheDoor, message: 'Routes reach mail through @/lib/mail only (with lib/urls and components).' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/' + SOURCE],
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: '.', from: './node_modules/imapflow', message: 'Only lib/imap imports imapflow.' },
            { target: '.', from: ['./lib/imap', './lib/config.ts', './lib/session'], message: 'Components take plain props; types come from @/lib/mail.' },
          ],
        },
      ],
    },
  },
];

export default config;
