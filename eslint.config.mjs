import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Module boundaries, enforced: imapflow only in lib/imap; routes reach mail through lib/mail, the one door.
const imapflowOnlyInLibImap = { name: 'imapflow', message: 'Only lib/imap imports imapflow.' };
const behindTheDoor = ['imap', 'mime', 'config', 'session', 'reader', 'attempt'].flatMap((m) => [`@/lib/${m}`, `@/lib/${m}/**`, `**/lib/${m}`, `**/lib/${m}/**`]);

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
    // Product code outside lib/imap. (The rig and the tests use imapflow as an independent second client, the
    // "other device" of a user, never through the app: they are outside this rule.)
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['lib/imap/**', 'rig/**', 'tests/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [imapflowOnlyInLibImap] }] },
  },
  {
    // Routes: thin, through lib/mail (plus lib/urls and components). Never lib/imap, lib/mime, lib/config, lib/session.
    files: ['app/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [imapflowOnlyInLibImap], patterns: [{ group: behindTheDoor, message: 'Routes reach mail through @/lib/mail only.' }] }],
    },
  },
];

export default config;
