/**
 * The Keys view over a real vault: a key minted in the page is shown once,
 * works for another process (`credvault keys validate`, the key on stdin),
 * and is gone from the page once its dialog closes; Revoke says how many
 * keys go and removes exactly those.
 */
import { resolve } from 'node:path';
import { expect, test } from '../support/fixtures';
import { credvault, credvaultOk, REPO } from '../support/credvault-cli';
import type { PageGlobals } from '../support/page-globals';
import { BearersPage } from '../pages/bearers-page';
import { KeysPage } from '../pages/keys-page';

test.describe('mint', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('shows a new key once, valid for the CLI, then forgets it', async ({ page, ui, vault }) => {
    await new BearersPage(page).signIn(ui.firstLink);
    const keys = new KeysPage(page);
    await keys.open();
    await expect(keys.emptyState).toBeVisible();

    // The dialog takes focus and gives it back, even when left with Escape.
    await keys.mintButton.click();
    await expect(keys.nameInput).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(keys.mintDialog).toBeHidden();
    await expect(keys.mintButton).toBeFocused();

    const key = await keys.mint('deploy-bot');
    expect(key.length).toBeGreaterThan(20);
    await expect(keys.shownDialog.getByRole('alert')).toHaveText(/will not be shown again/);
    await keys.shownDialog.getByRole('button', { name: 'Copy' }).click();
    await expect(keys.shownDialog.getByText(/^Copied/)).toBeVisible();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).navigator.clipboard.readText(),
      ),
    ).toBe(key);

    const validated = await credvault(vault.home, ['keys', 'validate'], `${key}\n`);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout.trim()).toBe('deploy-bot');

    await keys.shownDialog.getByRole('button', { name: 'Done' }).click();
    await expect(keys.shownDialog).toBeHidden();
    await expect(keys.mintButton).toBeFocused();
    await expect(keys.rows('deploy-bot')).toHaveCount(1);
    expect(await page.content()).not.toContain(key);
    // Nor anywhere the page keeps things across a reload.
    expect(
      await page.evaluate(() => {
        type Store = Record<string, string>;
        const g = globalThis as unknown as { sessionStorage: Store; localStorage: Store };
        return JSON.stringify([{ ...g.sessionStorage }, { ...g.localStorage }]);
      }),
    ).not.toContain(key);
  });
});

test('revokes one key by its hash, or every key of a name, saying how many go', async ({
  browser,
  page,
  ui,
  vault,
}) => {
  const first = (await credvaultOk(vault.home, ['keys', 'mint', 'ci'])).trim();
  const second = (await credvaultOk(vault.home, ['keys', 'mint', 'ci'])).trim();
  await credvaultOk(vault.home, ['keys', 'mint', 'web']);
  await new BearersPage(page).signIn(ui.firstLink);
  const keys = new KeysPage(page);
  await keys.open();
  await expect(keys.rows('ci')).toHaveCount(2);

  let dialog = await keys.startRevoke('ci');
  await expect(dialog).toHaveAccessibleName('Revoke 1 key?');
  await dialog.getByRole('radio', { name: /Every key named/ }).check();
  await expect(dialog).toHaveAccessibleName('Revoke 2 keys?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(keys.rows('ci')).toHaveCount(2);

  // One key, by its hash: the other `ci` still works.
  dialog = await keys.startRevoke('ci');
  await dialog.getByRole('button', { name: 'Revoke 1 key' }).click();
  await expect(keys.rows('ci')).toHaveCount(1);
  // The Revoke button that opened the dialog went with its row: focus is on Mint key.
  await expect(keys.mintButton).toBeFocused();
  const stillValid = [
    await credvault(vault.home, ['keys', 'validate'], `${first}\n`),
    await credvault(vault.home, ['keys', 'validate'], `${second}\n`),
  ].filter((result) => result.code === 0);
  expect(stillValid).toHaveLength(1);

  // Every key of the name, one of them minted in another page meanwhile
  // (its keys.changed reaches this page without a reload).
  const otherPage = await browser.newPage();
  await new BearersPage(otherPage).signIn(await ui.newLink());
  const otherKeys = new KeysPage(otherPage);
  await otherKeys.open();
  await otherKeys.mint('ci');
  await otherPage.close();
  await expect(keys.rows('ci')).toHaveCount(2);
  dialog = await keys.startRevoke('ci');
  await dialog.getByRole('radio', { name: /Every key named/ }).check();
  await dialog.getByRole('button', { name: 'Revoke 2 keys' }).click();
  await expect(keys.rows('ci')).toHaveCount(0);
  await expect(keys.rows('web')).toHaveCount(1);
  expect(await credvaultOk(vault.home, ['keys', 'list'])).not.toMatch(/\bci\b/);

  // A key the CLI mints (another process) reaches the open page, no reload.
  await credvaultOk(vault.home, ['keys', 'mint', 'cron']);
  await expect(keys.rows('cron')).toHaveCount(1);
});

// The README's screenshots of this view, written on every run.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 720 } });

    test(`the keys view, ${scheme}`, async ({ page, ui, vault }) => {
      for (const name of ['deploy-bot', 'grafana', 'ci']) {
        await credvaultOk(vault.home, ['keys', 'mint', name]);
      }
      const used = (await credvaultOk(vault.home, ['keys', 'mint', 'billing-worker'])).trim();
      await credvaultOk(vault.home, ['keys', 'validate'], `${used}\n`);
      await new BearersPage(page).signIn(ui.firstLink);
      const keys = new KeysPage(page);
      await keys.open();
      await expect(keys.rows('billing-worker')).toHaveCount(1);
      await page.screenshot({ path: resolve(REPO, 'docs', 'screenshots', `keys-${scheme}.png`) });
    });
  });
}
