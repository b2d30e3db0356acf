/**
 * The desktop app's end-to-end suite: the real Electron app (Playwright's
 * _electron) over a seeded vault home. It runs wherever an Electron binary
 * can run (downloaded, with a display), and elsewhere every test reports as
 * skipped with the reason, never as passed:
 *   npx playwright test -c e2e/electron/playwright.config.ts
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../.results/electron',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
});
