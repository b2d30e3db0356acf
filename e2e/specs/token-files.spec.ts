/**
 * The Token files view over a real vault: a token file added in the page
 * (after its user allowed it in `credvault ui`'s terminal), a token pasted
 * into it and read back by the CLI (`credvault auth-token get`) and by
 * Reveal; the token is in the page only between Reveal and Hide (or
 * leaving); an empty or white-space token is refused and the file left as
 * it was; a token the CLI writes shows once the view reads again; Remove
 * takes the path out of the settings and leaves the file.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { credvault, credvaultOk, REPO } from '../support/credvault-cli';
import type { PageGlobals } from '../support/page-globals';
import { BearersPage } from '../pages/bearers-page';
import { TokenFilesPage } from '../pages/token-files-page';

/** Lists token files in the vault's settings, as a user editing settings.json would. */
function configureTokenFiles(home: string, paths: string[]): void {
  const file = join(home, 'settings.json');
  const current = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  const temp = `${file}.e2e-tmp`;
  writeFileSync(temp, JSON.stringify({ ...current, tokenFiles: paths }, null, 2), {
    mode: 0o600,
  });
  renameSync(temp, file);
}

function settingsTokenFiles(home: string): unknown {
  return (JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as { tokenFiles?: unknown })
    .tokenFiles;
}

async function cliGet(home: string, path: string): Promise<string> {
  return credvaultOk(home, ['auth-token', 'get', '--file', path]);
}

async function openView(page: Page, link: string): Promise<TokenFilesPage> {
  await new BearersPage(page).signIn(link);
  const view = new TokenFilesPage(page);
  await view.open();
  return view;
}

test.describe('with the clipboard', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('adds a token file, stores a pasted token, reads it back with the CLI and Reveal, and forgets it', async ({
    page,
    ui,
    vault,
  }) => {
    const path = join(vault.home, 'project', '.auth_token');
    const token = 'ws-e2e-token-5f1c9a';
    const view = await openView(page, ui.firstLink);
    await expect(view.emptyState).toBeVisible();

    // Add: the page waits for the terminal's answer and says so.
    await view.startAdd(path);
    await expect(
      view.addDialog.getByText(/Allow it in the terminal running credvault ui/),
    ).toBeVisible();
    const question = await ui.answerPathPrompt(true);
    expect(question).toContain(path);
    await expect(view.addDialog).toBeHidden();
    await expect(view.state(path)).toHaveText('no token');
    expect(settingsTokenFiles(vault.home)).toEqual([path]);

    // Set: pasted with white space around it, which the vault drops.
    await view.pasteToken(path, `  ${token}  `);
    await expect(view.tokenInput).toHaveAttribute('type', 'password');
    // While pasted: in the field, never in the page's HTML (no value attribute).
    await expect(view.tokenInput).toHaveValue(`  ${token}  `);
    expect(await page.content()).not.toContain(token);
    await view.saveToken();
    await expect(view.setDialog).toBeHidden();
    await expect(view.notice).toHaveText(`Saved the token to ${path}.`);
    await expect(view.state(path)).toHaveText('token stored');
    expect(readFileSync(path, 'utf8')).toBe(token);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await cliGet(vault.home, path)).toBe(`${token}\n`);

    // Not in the page before Reveal.
    expect(await page.content()).not.toContain(token);
    await view.button(path, 'Reveal').click();
    await expect(view.revealed(path)).toHaveText(token);
    await expect(view.button(path, 'Hide')).toBeFocused();
    await view.button(path, 'Copy').click();
    await expect(view.row(path).getByText(/^Copied/)).toBeVisible();
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).navigator.clipboard.readText(),
      ),
    ).toBe(token);

    // Hide forgets it, and so does leaving the view.
    await view.button(path, 'Hide').click();
    await expect(view.revealed(path)).toHaveCount(0);
    await expect(view.button(path, 'Reveal')).toBeFocused();
    expect(await page.content()).not.toContain(token);
    await view.button(path, 'Reveal').click();
    await expect(view.revealed(path)).toHaveText(token);
    await view.leave();
    expect(await page.content()).not.toContain(token);
    await view.open();
    await expect(view.state(path)).toHaveText('token stored');
    await expect(view.revealed(path)).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // The same token again: nothing written, and the page says so.
    const before = statSync(path).mtimeMs;
    await view.pasteToken(path, token);
    await view.saveToken();
    await expect(view.notice).toHaveText(`${path} already holds this token: nothing was written.`);
    expect(statSync(path).mtimeMs).toBe(before);
    expect(await page.content()).not.toContain(token);
  });
});

test('refuses an empty or white-space token and leaves the file as it was', async ({
  page,
  ui,
  vault,
}) => {
  const path = join(vault.home, '.auth_token');
  await credvaultOk(vault.home, ['auth-token', 'set', '--file', path], 'kept-token-8d3e\n');
  configureTokenFiles(vault.home, [path]);
  const before = statSync(path).mtimeMs;
  const view = await openView(page, ui.firstLink);
  await expect(view.state(path)).toHaveText('token stored');

  // Nothing typed: said in the dialog, nothing sent.
  await view.button(path, 'Set').click();
  await view.saveToken();
  await expect(view.setDialog.getByRole('alert')).toHaveText(
    `Token: nothing pasted. An empty token is refused; ${path} is left as it was.`,
  );

  // White space alone: the vault's own refusal, shown in the dialog, which stays open.
  await view.tokenInput.fill('   \t  ');
  await view.saveToken();
  await expect(view.setDialog.getByRole('alert')).toHaveText(
    `Not saved: refusing to save an empty token to ${path}. The file is left as it was.`,
  );
  await expect(view.setDialog).toBeVisible();
  await view.setDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(view.setDialog).toBeHidden();
  await expect(view.button(path, 'Set')).toBeFocused();

  expect(readFileSync(path, 'utf8')).toBe('kept-token-8d3e');
  expect(statSync(path).mtimeMs).toBe(before);
  expect(await cliGet(vault.home, path)).toBe('kept-token-8d3e\n');
  await expect(view.state(path)).toHaveText('token stored');
});

test('shows a token the CLI wrote once the view reads again', async ({ page, ui, vault }) => {
  const path = join(vault.home, 'svc', '.auth_token');
  configureTokenFiles(vault.home, [path]);
  const view = await openView(page, ui.firstLink);
  await expect(view.state(path)).toHaveText('no token');
  await expect(view.button(path, 'Reveal')).toBeDisabled();

  await credvaultOk(vault.home, ['auth-token', 'set', '--file', path], 'from-cli-2b71\n');
  await view.reloadButton.click();
  await expect(view.state(path)).toHaveText('token stored');
  await view.button(path, 'Reveal').click();
  await expect(view.revealed(path)).toHaveText('from-cli-2b71');

  // Again after leaving and coming back (the view reads when it opens).
  await credvaultOk(vault.home, ['auth-token', 'set', '--file', path], 'second-cli-9e04\n');
  await view.leave();
  await view.open();
  await view.button(path, 'Reveal').click();
  await expect(view.revealed(path)).toHaveText('second-cli-9e04');
});

test('a refused prompt adds nothing; Remove takes a file off the list and leaves it on disk', async ({
  page,
  ui,
  vault,
}) => {
  const kept = join(vault.home, 'kept', '.auth_token');
  const refused = join(vault.home, 'refused', '.auth_token');
  await credvaultOk(vault.home, ['auth-token', 'set', '--file', kept], 'stays-on-disk-61aa\n');
  configureTokenFiles(vault.home, [kept]);
  const view = await openView(page, ui.firstLink);
  await expect(view.state(kept)).toHaveText('token stored');

  await view.startAdd(refused);
  await ui.answerPathPrompt(false);
  await expect(view.addDialog.getByRole('alert')).toHaveText(/^Not added: .*it was refused/);
  await view.addDialog.getByRole('button', { name: 'Cancel' }).click();
  expect(settingsTokenFiles(vault.home)).toEqual([kept]);
  await expect(view.row(refused)).toHaveCount(0);

  // A relative path is refused before anything is asked.
  await view.addButton.click();
  await view.pathInput.fill('.auth_token');
  await view.addDialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(view.addDialog.getByRole('alert')).toHaveText(/^Path: give the full path/);
  await page.keyboard.press('Escape');
  await expect(view.addDialog).toBeHidden();

  await view.button(kept, 'Remove').click();
  await expect(view.removeDialog).toContainText(kept);
  await expect(view.removeDialog).toContainText('The file itself stays, with its token');
  await expect(view.removeDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await view.removeDialog.getByRole('button', { name: 'Remove from list' }).click();
  await expect(view.removeDialog).toBeHidden();
  // The row's Remove button is gone: focus is on Add token file, not lost to the page.
  await expect(page.getByRole('button', { name: 'Add token file' })).toBeFocused();
  await expect(view.emptyState).toBeVisible();
  await expect(view.notice).toHaveText(
    `Removed ${kept} from the token files. The file itself is still there.`,
  );
  expect(settingsTokenFiles(vault.home)).toEqual([]);
  expect(readFileSync(kept, 'utf8')).toBe('stays-on-disk-61aa');
  // The CLI may still name any file; the page no longer may.
  expect(await cliGet(vault.home, kept)).toBe('stays-on-disk-61aa\n');
});

test('says per file why one cannot be read, and lists the others', async ({ page, ui, vault }) => {
  const good = join(vault.home, 'good', '.auth_token');
  const target = join(vault.home, 'target-token');
  const link = join(vault.home, 'linked', '.auth_token');
  await credvaultOk(vault.home, ['auth-token', 'set', '--file', good], 'good-token-77c2\n');
  writeFileSync(target, 'target-token-3f0a', { mode: 0o600 });
  mkdirSync(join(vault.home, 'linked'));
  symlinkSync(target, link);
  configureTokenFiles(vault.home, [good, link]);

  const view = await openView(page, ui.firstLink);
  await expect(view.state(good)).toHaveText('token stored');
  await expect(view.state(link)).toHaveText('unreadable');
  await expect(view.row(link)).toContainText(`${link} is a symlink; refusing to follow it`);
  await expect(view.button(link, 'Reveal')).toBeDisabled();
  // Set through the link is refused too, and the target is untouched.
  await view.button(link, 'Set').click();
  await view.tokenInput.fill('through-the-link');
  await view.saveToken();
  await expect(view.setDialog.getByRole('alert')).toContainText('symlink');
  expect(readFileSync(target, 'utf8')).toBe('target-token-3f0a');
  const cli = await credvault(vault.home, ['auth-token', 'get', '--file', link]);
  expect(cli.code).not.toBe(0);
});

// The README's screenshots of this view, written on every run.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 960 } });

    test(`the token files view, ${scheme}`, async ({ page, ui, vault }) => {
      const api = join(vault.home, 'projects', 'api', '.auth_token');
      const web = join(vault.home, 'projects', 'web', '.auth_token');
      const linked = join(vault.home, 'projects', 'legacy', '.auth_token');
      await credvaultOk(vault.home, ['auth-token', 'set', '--file', api], 'screenshot-token-1\n');
      mkdirSync(join(vault.home, 'projects', 'legacy'), { recursive: true });
      writeFileSync(join(vault.home, 'elsewhere'), 'x', { mode: 0o600 });
      symlinkSync(join(vault.home, 'elsewhere'), linked);
      configureTokenFiles(vault.home, [api, web, linked]);
      const view = await openView(page, ui.firstLink);
      await expect(view.state(linked)).toHaveText('unreadable');
      await page.screenshot({
        path: resolve(REPO, 'docs', 'screenshots', `token-files-${scheme}.png`),
      });
    });
  });
}
