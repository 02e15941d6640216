import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

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
    // Only lib/imap may talk IMAP.
    files: ['app/**', 'components/**', 'lib/mime/**', 'lib/session/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'imapflow', message: 'Only lib/imap imports imapflow.' }] }] },
  },
];

export default config;
