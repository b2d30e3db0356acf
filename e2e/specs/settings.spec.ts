/**
 * The Settings view over a real vault and a real `credvault ui`: a root
 * added in the page (after its user allowed it in the terminal) is listed by
 * the CLI, its window changed in the page is the CLI's `window_s`, and
 * removing it only stops the listing; a refused prompt changes nothing and
 * the page says it was refused; the theme applies at once and survives a
 * reload; a bad clipboard time is named beside its field.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '../support/fixtures';
import { credvaultOk, REPO } from '../support/credvault-cli';
import { BearersPage } from '../pages/bearers-page';
import { SettingsPage } from '../pages/settings-page';

interface ListedBearer {
  root: string;
  id: string;
  window_s: number;
}

async function cliList(home: string): Promise<ListedBearer[]> {
  return JSON.parse(await credvaultOk(home, ['bearers', 'list', '--json'])) as ListedBearer[];
}

/** settings.json as on disk, or null when the vault never wrote one. */
function settingsFile(home: string): string | null {
  const path = join(home, 'settings.json');
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** A bearer another tool keeps in its own folder (written with the CLI's --root). */
async function otherToolsRoot(home: string): Promise<string> {
  const root = join(home, 'team', 'bearers');
  mkdirSync(root, { recursive: true });
  const record = JSON.stringify({
    access_token: 'team-access-token',
    refresh_token: 'team-refresh-token',
    expires_at_unix: Math.floor(Date.now() / 1000) + 600,
  });
  await credvaultOk(home, ['bearers', 'put', 'team-svc', '--root', root], record);
  return root;
}

test('a root added in the page, after the terminal allowed it, is listed by the CLI with the window set in the page', async ({
  page,
  ui,
  vault,
}) => {
  const root = await otherToolsRoot(vault.home);
  expect((await cliList(vault.home)).some((bearer) => bearer.root === root)).toBe(false);

  await new BearersPage(page).signIn(ui.firstLink);
  const settings = new SettingsPage(page);
  await settings.open();
  // The default root is always there, and the page does not offer to remove it.
  await expect(settings.rootRow(vault.root)).toContainText('default root cannot be removed');
  await expect(settings.removeButton(vault.root)).toHaveCount(0);

  const dialog = await settings.fillAddRoot(root);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  // While the terminal's question waits, the dialog says where to answer it.
  await expect(dialog.getByRole('status')).toContainText(
    'Allow it in the terminal running credvault ui',
  );
  expect(await ui.answerPathPrompt(true)).toContain(root);
  await expect(dialog).toBeHidden();
  await expect(settings.addRootButton).toBeFocused();
  // It already held a bearer: someone else writes it, so it is marked shared.
  await expect(settings.rootRow(root)).toContainText('300 s (5 min)');
  await expect(settings.rootRow(root).getByRole('cell').nth(1)).toHaveText('yes');

  const listed = (await cliList(vault.home)).find((bearer) => bearer.id === 'team-svc');
  expect(listed).toMatchObject({ root, window_s: 300 });

  // A new window, seen by the CLI.
  let edit = await settings.editRoot(root);
  await edit.getByRole('textbox', { name: 'Near-expiry window (seconds)' }).fill('15 min');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit.getByRole('alert')).toHaveText(/^Near-expiry window: a whole number/);
  await edit.getByRole('textbox', { name: 'Near-expiry window (seconds)' }).fill('900');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(settings.rootRow(root)).toContainText('900 s (15 min)');
  const rewindowed = (await cliList(vault.home)).find((bearer) => bearer.id === 'team-svc');
  expect(rewindowed).toMatchObject({ root, window_s: 900, status: 'near_expiry' });

  // Keep-fresh for the whole root.
  edit = await settings.editRoot(root);
  await edit.getByRole('checkbox', { name: /^Keep fresh/ }).check();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(settings.rootRow(root)).toContainText('all bearers');
  const onDisk = JSON.parse(settingsFile(vault.home) ?? '{}') as {
    roots: Array<{ path: string; keepFresh: boolean }>;
  };
  expect(onDisk.roots.find((entry) => entry.path === root)?.keepFresh).toBe(true);

  // Remove: the confirmation says no file goes, and none does.
  await settings.removeButton(root).click();
  const confirm = settings.dialog('Stop listing this root?');
  await expect(confirm).toContainText(root);
  await expect(confirm).toContainText('No file is deleted');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Remove root' }).click();
  await expect(confirm).toBeHidden();
  await expect(settings.rootRow(root)).toHaveCount(0);
  // Its Remove button went with the row: the focus goes to Add root, not the page.
  await expect(settings.addRootButton).toBeFocused();
  expect((await cliList(vault.home)).some((bearer) => bearer.id === 'team-svc')).toBe(false);
  expect(existsSync(join(root, 'team-svc', 'access_token.json'))).toBe(true);
  const byRoot = JSON.parse(
    await credvaultOk(vault.home, ['bearers', 'list', '--json', '--root', root]),
  ) as ListedBearer[];
  expect(byRoot.map((bearer) => bearer.id)).toEqual(['team-svc']);
});

test('a refused prompt leaves the settings as they were, and the page says it was refused', async ({
  page,
  ui,
  vault,
}) => {
  const keyFile = join(vault.home, 'service', 'keys.json');
  await new BearersPage(page).signIn(ui.firstLink);
  const settings = new SettingsPage(page);
  await settings.open();
  const before = settingsFile(vault.home);

  await settings.addPathButton('key file').click();
  const dialog = settings.dialog('Add a key file');
  const path = dialog.getByRole('textbox', { name: 'Path' });
  // A relative path is named before anything is asked.
  await path.fill('service/keys.json');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/^Path: give the full path/);

  await path.fill(keyFile);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  expect(await ui.answerPathPrompt(false)).toContain(keyFile);
  await expect(dialog.getByRole('alert')).toHaveText(/^Not added: .*it was refused$/);
  await expect(path).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(settings.pathList('Key files')).toHaveCount(0);
  expect(settingsFile(vault.home)).toBe(before);

  // Allowed the second time: listed; removed: gone from the settings, the file stays.
  await credvaultOk(vault.home, ['keys', 'mint', 'svc', '--keys', keyFile]);
  const keysBefore = readFileSync(keyFile, 'utf8');
  await settings.addPathButton('key file').click();
  await dialog.getByRole('textbox', { name: 'Path' }).fill(keyFile);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await ui.answerPathPrompt(true);
  await expect(dialog).toBeHidden();
  await expect(settings.pathList('Key files').getByRole('rowheader')).toHaveText([keyFile]);

  await settings.removeButton(keyFile).click();
  const confirm = settings.dialog('Remove this key file from the settings?');
  await expect(confirm).toContainText('The file itself stays as it is');
  await confirm.getByRole('button', { name: 'Remove from settings' }).click();
  await expect(settings.pathList('Key files')).toHaveCount(0);
  await expect(settings.addPathButton('key file')).toBeFocused();
  expect(readFileSync(keyFile, 'utf8')).toBe(keysBefore);
  expect(JSON.parse(settingsFile(vault.home) ?? '{}')).toMatchObject({ keyFiles: [] });
});

test('the theme applies at once and is kept after a reload; a bad clipboard time is named', async ({
  page,
  ui,
  vault,
}) => {
  await new BearersPage(page).signIn(ui.firstLink);
  const settings = new SettingsPage(page);
  await settings.open();
  const html = page.locator('html');
  await expect(settings.themeChoice('System')).toBeChecked();

  await settings.themeChoice('Dark').check();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect
    .poll(() => (JSON.parse(settingsFile(vault.home) ?? '{}') as { theme?: string }).theme)
    .toBe('dark');

  await page.reload();
  await expect(new BearersPage(page).grid).toBeVisible();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await settings.open();
  await expect(settings.themeChoice('Dark')).toBeChecked();

  await settings.clipboardField.fill('5000');
  await settings.clipboardField.press('Enter');
  await expect(settings.preferences.getByRole('alert')).toHaveText(
    /^Clipboard clear time not saved: a whole number of seconds from 0 to 3600/,
  );
  await expect(settings.clipboardField).toHaveAttribute('aria-invalid', 'true');
  await settings.clipboardField.fill('0');
  await settings.clipboardField.press('Enter');
  await expect
    .poll(
      () =>
        (JSON.parse(settingsFile(vault.home) ?? '{}') as { clipboard?: { clearAfterS: number } })
          .clipboard?.clearAfterS,
    )
    .toBe(0);
  await expect(settings.preferences.getByRole('alert')).toHaveCount(0);
});

// The README's screenshots of this view, written on every run.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 960 } });

    test(`the settings view, ${scheme}`, async ({ page, ui, vault }) => {
      const root = await otherToolsRoot(vault.home);
      await new BearersPage(page).signIn(ui.firstLink);
      const settings = new SettingsPage(page);
      await settings.open();
      const dialog = await settings.fillAddRoot(root, 600);
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await ui.answerPathPrompt(true);
      await expect(settings.rootRow(root)).toBeVisible();
      await settings.addPathButton('token file').click();
      const tokenDialog = settings.dialog('Add a workspace token file');
      await tokenDialog
        .getByRole('textbox', { name: 'Path' })
        .fill(join(vault.home, 'project', '.auth_token'));
      await tokenDialog.getByRole('button', { name: 'Add', exact: true }).click();
      await ui.answerPathPrompt(true);
      await expect(tokenDialog).toBeHidden();
      await page.screenshot({
        path: resolve(REPO, 'docs', 'screenshots', `settings-${scheme}.png`),
      });
    });
  });
}
