import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The repo's own shared/ folder (domain types, IPC contract), as @shared/...
    alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) },
  },
  test: {
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'scripts/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
    ],
    // Forks, not threads: process.umask() throws inside worker threads, and
    // the permission tests need it.
    pool: 'forks',
    setupFiles: ['test-support/leak-guard-setup.ts'],
    globalSetup: ['test-support/build-cli-once.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
