/**
 * The README's screenshots, written by every e2e run into docs/screenshots/:
 * the bearers list and a bearer's detail, in light and dark, over a vault
 * that looks like a developer's (e2e/support/demo-vault.ts).
 */
import { resolve } from 'node:path';
import { test as base } from '@playwright/test';
import { startOidcTestServer, type OidcTestServer } from '../../test-support/oidc-test-server';
import { REPO } from '../support/credvault-cli';
import { startCredvaultUi, type CredvaultUi } from '../support/credvault-ui';
import { seedDemoVault } from '../support/demo-vault';
import { expect } from '../support/fixtures';
import { BearersPage } from '../pages/bearers-page';

const SHOTS = resolve(REPO, 'docs', 'screenshots');

const test = base.extend<object, { demo: CredvaultUi; oidcServer: OidcTestServer }>({
  oidcServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function names.
    async ({}, use) => {
      const server = await startOidcTestServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  demo: [
    async ({ oidcServer }, use) => {
      const ui = await startCredvaultUi(await seedDemoVault(oidcServer));
      await use(ui);
      expect(await ui.stop()).toBe(0);
    },
    { scope: 'worker' },
  ],
});

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 960 } });

    test(`the bearers list and a bearer's detail, ${scheme}`, async ({ page, demo }) => {
      const bearers = new BearersPage(page);
      await bearers.signIn(await demo.newLink());
      await expect(bearers.count).toHaveText('8 bearers');
      await bearers.row('deploy-bot').click();
      await page.screenshot({ path: resolve(SHOTS, `bearers-list-${scheme}.png`) });

      const detail = await bearers.inspect('deploy-bot');
      await detail.waitForInspection();
      await expect(detail.signatureResult).toHaveText('verified');
      await page.screenshot({ path: resolve(SHOTS, `bearer-detail-${scheme}.png`) });
    });
  });
}
