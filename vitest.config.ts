import { defineConfig } from 'vitest/config';
import path from 'node:path';

const alias = { '@': path.resolve(__dirname), 'server-only': path.resolve(__dirname, 'tests/helpers/server-only-stub.ts') };

// Tiers: pure units; lib/imap against a private Dovecot; the built app in Chromium and w3m; the app under /webmail
// behind nginx; then the e2e app's log.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-dovecot.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-app.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        // Feather under /webmail behind a real nginx running deploy/nginx-feather.conf (the /webmail build in .next-webmail).
        resolve: { alias },
        test: {
          name: 'subpath',
          include: ['tests/subpath/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-subpath.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        // Run on its own after the e2e tier (scripts/test-all.sh): it reads the log that tier's app wrote.
        resolve: { alias },
        test: { name: 'logs', include: ['tests/logs/**/*.test.ts'], environment: 'node' },
      },
    ],
  },
});
