/**
 * The e2e suite's fixtures: the real OAuth server (one per worker), and per
 * test a freshly seeded vault home with `credvault ui` running over it. When
 * a test ends, `credvault ui` is stopped with Ctrl-C and must exit 0, and
 * nothing it printed may hold a secret: no seeded token, no leak marker
 * (every refresh token the OAuth server issues carries one).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { LEAK_MARKER } from '../../test-support/leak-marker';
import { startOidcTestServer, type OidcTestServer } from '../../test-support/oidc-test-server';
import { startCredvaultUi, type CredvaultUi } from './credvault-ui';
import { seedVault, SERVER_ERROR_REPLY, type SeededVault } from './seed-vault';

interface TestFixtures {
  vault: SeededVault;
  ui: CredvaultUi;
}

interface WorkerFixtures {
  oidc: OidcTestServer;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  oidc: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function names.
    async ({}, use) => {
      const server = await startOidcTestServer();
      server.stubReply = SERVER_ERROR_REPLY;
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  vault: async ({ oidc }, use) => {
    const home = mkdtempSync(join(tmpdir(), 'credvault-e2e-'));
    try {
      await use(await seedVault(home, oidc));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },

  ui: async ({ vault }, use) => {
    const ui = await startCredvaultUi(vault.home);
    try {
      await use(ui);
    } finally {
      const exit = await ui.stop();
      const { stdout, stderr } = ui.output();
      for (const text of [stdout, stderr]) {
        expect(text).not.toContain(LEAK_MARKER);
        for (const secret of Object.values(vault.secrets)) expect(text).not.toContain(secret);
      }
      expect(exit, `credvault ui stderr: ${stderr}`).toBe(0);
    }
  },
});

export { expect };
