/**
 * End-to-end tests: the built renderer in Debian's Chromium, served by a real
 * `credvault ui` process over real files (see e2e/support/). Chromium is the
 * system one (`apt-get install chromium`); `npx playwright install` is never
 * needed. One worker: the machine has two cores, and each test already runs
 * two processes (the browser and `credvault ui`) beside the OAuth server.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'e2e/.results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Bounded, with room for a busy machine (two cores, shared).
  timeout: 60_000,
  globalTimeout: 10 * 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // A name an attacker's DNS would point at 127.0.0.1 (DNS rebinding):
      // the server must refuse a page loaded under it.
      args: ['--host-resolver-rules=MAP rebind.test 127.0.0.1'],
    },
    viewport: { width: 1280, height: 800 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
