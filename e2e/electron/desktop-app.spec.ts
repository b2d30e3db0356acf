/**
 * The desktop app as a user gets it: launched from the build (npm run
 * build), over a vault seeded by the real CLI and OAuth server
 * (e2e/support/), with the window checked from the page's side and from
 * main's. Skipped, with the reason, where no Electron binary can run (these
 * build machines: no binary can be downloaded, no display).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import type { CredvaultClient } from '@shared/contract';
import { findElectron } from '../../scripts/electron-binary.mjs';
import { credvaultOk, REPO, vaultEnv } from '../support/credvault-cli';
import { expect, test } from '../support/fixtures';
import { BearersPage } from '../pages/bearers-page';

const binary = findElectron({ root: REPO, env: process.env, platform: process.platform });
const reason = binary.ok ? null : `no Electron binary can run here: ${binary.reason}`;
// In the report's annotations, and said once in the output, where a list of dashes alone would hide why.
if (reason !== null) console.log(`e2e/electron: every test skipped: ${reason}`);
test.skip(reason !== null, reason ?? '');

/**
 * The page's globals used in `page.evaluate` (the Node-side tsconfig has no
 * DOM library): only ever `globalThis as unknown as DesktopPage` inside the
 * evaluated function, which is sent to the page as source.
 */
interface DesktopPage {
  credvault: CredvaultClient;
  location: { href: string };
}

interface Launched {
  app: ElectronApplication;
  page: Page;
}

/** Starts the built app over `home` and waits for its window. */
async function launch(home: string): Promise<Launched> {
  if (!binary.ok) throw new Error('unreachable: the suite is skipped');
  const display = {
    DISPLAY: process.env.DISPLAY,
    WAYLAND_DISPLAY: process.env.WAYLAND_DISPLAY,
    XAUTHORITY: process.env.XAUTHORITY,
    XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR,
  };
  const env = Object.fromEntries(
    Object.entries({ ...vaultEnv(home), ...display }).filter(([, value]) => value !== undefined),
  ) as Record<string, string>;
  const app = await electron.launch({ executablePath: binary.path, args: [REPO], cwd: REPO, env });
  const page = await app.firstWindow();
  return { app, page };
}

test.describe('the desktop app', () => {
  let launched: Launched | null = null;
  test.afterEach(async () => {
    await launched?.app.close();
    launched = null;
  });

  test('opens its window from app://, sandboxed, with only the contract client', async ({
    vault,
  }) => {
    launched = await launch(vault.home);
    const { app, page } = launched;
    expect(page.url()).toBe('app://credvault/index.html');
    const seen = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      client: Object.keys((globalThis as unknown as Partial<DesktopPage>).credvault ?? {}).sort(),
    }));
    expect(seen).toEqual({
      require: 'undefined',
      process: 'undefined',
      client: ['call', 'subscribe'],
    });
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // Navigation away is refused: the page stays the app's.
    await page.evaluate(() => {
      (globalThis as unknown as DesktopPage).location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    expect(page.url()).toBe('app://credvault/index.html');
  });

  test('lists the vault’s bearers, the same vault the CLI sees', async ({ vault }) => {
    launched = await launch(vault.home);
    const bearers = new BearersPage(launched.page);
    await expect(bearers.grid).toBeVisible();
    await expect(bearers.row('agent-jwt')).toBeVisible();
    await expect(bearers.row('agent-forged')).toBeVisible();
  });

  test('refreshes a bearer against the real OAuth server', async ({ vault }) => {
    launched = await launch(vault.home);
    const bearers = new BearersPage(launched.page);
    await expect(bearers.row('agent-jwt')).toBeVisible();
    const detail = await bearers.inspect('agent-jwt');
    await detail.refresh();
    await expect(detail.refreshOutcome).toContainText(/refreshed|expires/i);
  });

  test('mints and revokes an API key through the window’s client', async ({ vault }) => {
    launched = await launch(vault.home);
    const { page } = launched;
    const minted = await page.evaluate(async () => {
      const answer = await (globalThis as unknown as DesktopPage).credvault.call(
        'credvault:keys.mint',
        { name: 'e2e-key' },
      );
      return { name: answer.name, hasKey: answer.key.length > 0 };
    });
    expect(minted).toEqual({ name: 'e2e-key', hasKey: true });
    expect(await credvaultOk(vault.home, ['keys', 'list'])).toContain('e2e-key');
    const revoked = await page.evaluate(async () => {
      const answer = await (globalThis as unknown as DesktopPage).credvault.call(
        'credvault:keys.revoke',
        { name: 'e2e-key' },
      );
      return answer.revoked.map((key: { name: string }) => key.name);
    });
    expect(revoked).toEqual(['e2e-key']);
    expect(await credvaultOk(vault.home, ['keys', 'list'])).not.toContain('e2e-key');
  });

  test('a page may not name a path the settings do not list', async ({ vault }) => {
    launched = await launch(vault.home);
    const kind = await launched.page.evaluate(async () => {
      try {
        await (globalThis as unknown as DesktopPage).credvault.call('credvault:keys.list', {
          file: '/etc/passwd',
        });
        return 'answered';
      } catch (error) {
        return (error as { kind?: string }).kind ?? 'no kind';
      }
    });
    expect(kind).toBe('forbidden');
  });

  test('the tray follows a bearer entering its expiry window', async () => {
    const home = mkdtempSync(join(tmpdir(), 'credvault-electron-'));
    try {
      launched = await launch(home);
      const { app } = launched;
      // Listen from main's side: every tooltip the tray is given from now on.
      await app.evaluate(({ Tray }) => {
        const seen: string[] = [];
        (globalThis as { trayTooltips?: string[] }).trayTooltips = seen;
        const original = Tray.prototype.setToolTip;
        Tray.prototype.setToolTip = function (this: Electron.Tray, text: string) {
          seen.push(text);
          return original.call(this, text);
        };
      });
      const soon = Math.floor(Date.now() / 1000) + 120;
      const record = { access_token: 'a', refresh_token: 'r', expires_at_unix: soon };
      await credvaultOk(home, ['bearers', 'put', 'due-soon'], JSON.stringify(record));
      await expect
        .poll(() =>
          app.evaluate(() => (globalThis as { trayTooltips?: string[] }).trayTooltips ?? []),
        )
        .toContainEqual('Credvault: 1 near expiry');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
