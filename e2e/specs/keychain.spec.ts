/**
 * The keychain switch in Settings, against a real gnome-keyring on a private
 * D-Bus (e2e/support/keyring.ts): the default root encrypted from the page
 * (no token left in plain text on disk, the CLI on the same keyring and the
 * page still read the bearer) and decrypted back byte for byte; no D-Bus at
 * all shows "unavailable" with the reason and no usable switch; a locked
 * keyring shows Retry, which finds the key once the keyring is unlocked.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test as base } from '../support/fixtures';
import { credvault, credvaultOk, REPO } from '../support/credvault-cli';
import { startCredvaultUi, type CredvaultUi } from '../support/credvault-ui';
import { startKeyring, type PrivateKeyring } from '../support/keyring';
import { LEAK_MARKER, markedSecret } from '../../test-support/leak-marker';
import { BearersPage } from '../pages/bearers-page';
import { KeychainSection } from '../pages/keychain-section';

/**
 * The keyring the test starts with. 'unlocked': fresh and unlocked, no key
 * yet. 'encrypted': the same after `credvault keychain enable` (the master
 * key made, the default root encrypted). 'locked': encrypted so in an
 * earlier session, then a session whose keyring stays locked.
 */
const SHARED_TOKEN = markedSecret('shared-root-access-token');

type KeyringSetup = 'unlocked' | 'encrypted' | 'locked';

const test = base.extend<{
  keyringSetup: KeyringSetup;
  /** A second root, marked shared in the settings, with one bearer (`<home>/shared`). */
  withSharedRoot: boolean;
  keyring: PrivateKeyring;
  keyringUi: CredvaultUi;
}>({
  keyringSetup: ['unlocked', { option: true }],
  withSharedRoot: [false, { option: true }],

  keyring: async ({ vault, keyringSetup, withSharedRoot }, use) => {
    if (withSharedRoot) await addSharedRoot(vault.home);
    const enable = async (keyring: PrivateKeyring) => {
      const enabled = await keyring.credvault(['keychain', 'enable']);
      expect(enabled.code, enabled.stderr).toBe(0);
    };
    if (keyringSetup !== 'unlocked') await removeInvalidBearers(vault.home);
    if (keyringSetup === 'locked') {
      const first = await startKeyring(vault.home, 'unlocked');
      try {
        await enable(first);
      } finally {
        await first.stop();
      }
    }
    const keyring = await startKeyring(
      vault.home,
      keyringSetup === 'locked' ? 'locked' : 'unlocked',
    );
    try {
      if (keyringSetup === 'encrypted') await enable(keyring);
      await use(keyring);
    } finally {
      await keyring.stop();
    }
  },

  // `credvault ui` on the private bus, held to the fixtures' rules: a clean
  // exit on Ctrl-C, and no secret in anything it printed.
  keyringUi: async ({ vault, keyring }, use) => {
    const ui = await startCredvaultUi(vault.home, keyring.launcher);
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

/**
 * A second root that other programs read, as the settings mark it (written
 * before `credvault ui` starts: adding a root from a page asks in its
 * terminal), holding one bearer.
 */
async function addSharedRoot(home: string): Promise<string> {
  const root = join(home, 'shared');
  mkdirSync(root, { mode: 0o700 });
  writeFileSync(
    join(home, 'settings.json'),
    JSON.stringify({ version: 1, roots: [{ path: root, shared: true }] }),
    { mode: 0o600 },
  );
  const record = JSON.stringify({
    access_token: SHARED_TOKEN,
    refresh_token: '',
    expires_at_unix: Math.floor(Date.now() / 1000) + 3600,
  });
  await credvaultOk(home, ['bearers', 'put', 'broker-bot', '--root', root], record);
  return root;
}

/** Writes `count` plain bearers straight into a root, as the seeds' broker would. */
function writePlainBearers(root: string, count: number): void {
  const expiry = String(Math.floor(Date.now() / 1000) + 3600);
  for (let i = 0; i < count; i++) {
    const dir = join(root, `bulk-${String(i).padStart(5, '0')}`);
    mkdirSync(dir, { mode: 0o700 });
    const write = (name: string, value: string) =>
      writeFileSync(join(dir, name), JSON.stringify(value), { mode: 0o600 });
    write('access_token.json', `bulk-access-${i}`);
    write('refresh_token.json', `bulk-refresh-${i}`);
    write('expires_at.json', expiry);
  }
}

/**
 * Removes the seeded bearers that are invalid (an out-of-range expiry, an
 * empty token): a migration refuses a root holding one, naming it, until
 * it is repaired or removed. Returns their ids.
 */
async function removeInvalidBearers(home: string): Promise<string[]> {
  const listed = JSON.parse(await credvaultOk(home, ['bearers', 'list', '--json'])) as Array<{
    id: string;
    status: string;
  }>;
  const invalid = listed.filter((bearer) => bearer.status === 'invalid').map((b) => b.id);
  for (const id of invalid) await credvaultOk(home, ['bearers', 'rm', id]);
  return invalid;
}

/** Every token file of a root (access and refresh), by path. */
function tokenFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const id of readdirSync(root)) {
    if (id.startsWith('.') || !statSync(join(root, id)).isDirectory()) continue;
    for (const name of ['access_token.json', 'refresh_token.json']) {
      try {
        files.set(join(id, name), readFileSync(join(root, id, name), 'utf8'));
      } catch {
        // a seeded bearer without this file
      }
    }
  }
  return files;
}

/** Every byte under the root, to look for a token in any file. */
function everyFile(dir: string): string {
  let all = '';
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) all += everyFile(path);
    else if (entry.isFile()) all += readFileSync(path, 'latin1');
  }
  return all;
}

test('encrypts the default root from the page, the CLI and the page still read it, and decrypts it back', async ({
  page,
  keyringUi,
  keyring,
  vault,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(keyringUi.firstLink);
  const keychain = new KeychainSection(page);
  await keychain.open();
  await expect(keychain.backend).toHaveText(/Secret Service/);
  await expect(keychain.masterKey).toHaveText('Not created yet');
  await expect(keychain.mode(vault.root)).toHaveText('Plain');

  // The confirmation says what happens to the files and to other programs.
  const dialog = await keychain.startSwitch(vault.root);
  await expect(dialog).toContainText(vault.root);
  await expect(dialog).toContainText('rewrite the access and refresh token files');
  await expect(dialog).toContainText('will no longer read its tokens');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: /^Encrypt \d+ bearers?$/ }).click();
  await expect(dialog).toBeHidden();

  // The seeded root holds invalid bearers: the migration stops at one, naming
  // it, and the page says so. The root is flagged, its records still plain:
  // unfinished, and Finish encrypting is offered once the bearer is removed.
  await expect(keychain.outcome).toHaveText(
    new RegExp(`^Could not encrypt ${vault.root}: bearer "agent-[a-z0-9]+" is invalid`),
  );
  await expect(keychain.outcome).toHaveRole('alert');
  await expect(keychain.mode(vault.root)).toHaveText('Encrypted, unfinished');
  await expect(keychain.records(vault.root)).toHaveText(/^\d+ plain, 0 encrypted$/);
  expect(await removeInvalidBearers(vault.home)).toContain('agent-2pow53plus1');
  const plainBefore = tokenFiles(vault.root);
  const agentAccess = join('agent-jwt', 'access_token.json');
  expect(plainBefore.get(agentAccess)).toBe(JSON.stringify(vault.secrets.jwt));

  await (
    await keychain.startSwitch(vault.root, true)
  )
    .getByRole('button', { name: /^Encrypt \d+ bearers?$/ })
    .click();

  await expect(keychain.outcome).toHaveText(new RegExp(`^Encrypted ${vault.root}\\.`));
  await expect(keychain.mode(vault.root)).toHaveText('Encrypted');
  await expect(keychain.masterKey).toHaveText('Present');
  await expect(keychain.records(vault.root)).toHaveText(/^0 plain, \d+ encrypted$/);
  await expect(page.getByRole('progressbar')).toHaveCount(0);

  // On disk: every token file is the encrypted form, and no token is left anywhere in plain.
  const sealed = tokenFiles(vault.root);
  expect(sealed.size).toBe(plainBefore.size);
  for (const [path, text] of sealed) expect(text, path).toMatch(/^"\$cv1\$[A-Za-z0-9_-]+"$/);
  const onDisk = everyFile(vault.root);
  for (const secret of Object.values(vault.secrets).filter((token) => token.length > 0)) {
    expect(onDisk).not.toContain(secret);
  }

  // The CLI on the same keyring reads the token; without a keyring it cannot.
  const token = await keyring.credvault(['token', 'agent-jwt']);
  expect(token.code, token.stderr).toBe(0);
  expect(token.stdout.trim()).toBe(vault.secrets.jwt);
  const noKeyring = await credvault(vault.home, ['token', 'agent-jwt']);
  expect(noKeyring.code).toBe(3);
  expect(noKeyring.stdout).not.toContain(vault.secrets.jwt);

  // The page still lists the bearer and reveals it.
  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Bearers' })
    .click();
  const detail = await bearers.inspect('agent-jwt');
  await detail.reveal();
  await expect(detail.revealedToken).toHaveText(vault.secrets.jwt);
  await detail.close();

  // Decrypt: the plain files come back byte for byte.
  await keychain.open();
  const back = await keychain.startSwitch(vault.root);
  await expect(back).toContainText('as plain text');
  await back.getByRole('button', { name: /^Decrypt \d+ bearers?$/ }).click();
  await expect(keychain.outcome).toHaveText(new RegExp(`^Decrypted ${vault.root}\\.`));
  await expect(keychain.mode(vault.root)).toHaveText('Plain');
  expect(tokenFiles(vault.root)).toEqual(plainBefore);
  const listed = JSON.parse(await credvaultOk(vault.home, ['bearers', 'list', '--json'])) as Array<{
    id: string;
    storage: string;
  }>;
  expect(listed.every((bearer) => bearer.storage === 'plain')).toBe(true);
});

test('shows N of M in a labelled progress bar while a big root is encrypted', async ({
  page,
  keyringUi,
  vault,
}) => {
  await removeInvalidBearers(vault.home);
  writePlainBearers(vault.root, 200);
  await new BearersPage(page).signIn(keyringUi.firstLink);
  const keychain = new KeychainSection(page);
  await keychain.open();
  const dialog = await keychain.startSwitch(vault.root);
  await dialog.getByRole('button', { name: /^Encrypt 20\d bearers$/ }).click();

  const progress = keychain.section.getByRole('progressbar', {
    name: new RegExp(`^Encrypting ${vault.root}: \\d+ of 20\\d$`),
  });
  await expect(progress).toBeVisible();
  // While it runs, no switch can start a second one.
  await expect(keychain.switchOf(vault.root)).toBeDisabled();
  await expect(keychain.outcome).toHaveText(new RegExp(`^Encrypted ${vault.root}\\.`), {
    timeout: 40_000,
  });
  await expect(progress).toHaveCount(0);
  await expect(keychain.records(vault.root)).toHaveText(/^0 plain, 20\d encrypted$/);
});

test.describe('a shared root', () => {
  test.use({ withSharedRoot: true });

  test('is encrypted only once the user says so explicitly (force)', async ({
    page,
    keyringUi,
    vault,
  }) => {
    const shared = join(vault.home, 'shared');
    await new BearersPage(page).signIn(keyringUi.firstLink);
    const keychain = new KeychainSection(page);
    await keychain.open();
    await expect(keychain.row(shared)).toContainText('shared');

    const dialog = await keychain.startSwitch(shared);
    await expect(dialog).toContainText('marked shared');
    await expect(dialog).toContainText('will stop working with it');
    const confirm = dialog.getByRole('button', { name: 'Encrypt 1 bearer' });
    await expect(confirm).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'Encrypt this shared root anyway' }).check();
    await confirm.click();

    await expect(keychain.outcome).toHaveText(new RegExp(`^Encrypted ${shared}\\.`));
    await expect(keychain.mode(shared)).toHaveText('Encrypted');
    const onDisk = readFileSync(join(shared, 'broker-bot', 'access_token.json'), 'utf8');
    expect(onDisk).toMatch(/^"\$cv1\$/);
    expect(onDisk).not.toContain(SHARED_TOKEN);
    // The default root was not touched.
    await expect(keychain.mode(vault.root)).toHaveText('Plain');
  });
});

test('without D-Bus the keychain is unavailable, with the reason, and no switch can be used', async ({
  page,
  ui,
  vault,
}) => {
  await new BearersPage(page).signIn(ui.firstLink);
  const keychain = new KeychainSection(page);
  await keychain.open();
  await expect(keychain.masterKey).toHaveText('Unavailable');
  await expect(keychain.backend).toHaveText('None available');
  await expect(keychain.reason).toContainText('D-Bus');
  await expect(keychain.section).toContainText('No OS keychain answers');
  await expect(keychain.switches).not.toHaveCount(0);
  for (const button of await keychain.switches.all()) await expect(button).toBeDisabled();
  // A click does nothing: no confirmation, nothing rewritten.
  await keychain.switchOf(vault.root).click({ force: true });
  await expect(keychain.confirmDialog).toHaveCount(0);
  await expect(keychain.retryButton).toHaveCount(0);
});

test.describe('a locked keyring', () => {
  test.use({ keyringSetup: 'locked' });

  test('shows the key locked with what to do, and Retry finds it once the keyring is unlocked', async ({
    page,
    keyringUi,
    keyring,
    vault,
  }) => {
    await new BearersPage(page).signIn(keyringUi.firstLink);
    const keychain = new KeychainSection(page);
    await keychain.open();
    await expect(keychain.masterKey).toHaveText('Locked');
    await expect(keychain.reason).toContainText('locked');
    await expect(keychain.section).toContainText('Unlock your keyring');
    await expect(keychain.records(vault.root)).toHaveText(/, [1-9]\d* locked$/);
    await expect(keychain.switchOf(vault.root)).toBeDisabled();

    // Still locked: Retry says so.
    await keychain.retryButton.click();
    await expect(keychain.section.getByText(/^Still locked/)).toBeVisible();
    await expect(keychain.masterKey).toHaveText('Locked');

    await keyring.unlock();
    await keychain.retryButton.click();
    await expect(keychain.masterKey).toHaveText('Present');
    await expect(keychain.retryButton).toHaveCount(0);
    await expect(keychain.records(vault.root)).toHaveText(/^0 plain, \d+ encrypted$/);
    await expect(keychain.switchOf(vault.root)).toBeEnabled();
  });
});

// The README's screenshots of this section, written on every run: the key
// present, the default root encrypted, a shared root left plain.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({
      keyringSetup: 'encrypted',
      withSharedRoot: true,
      colorScheme: scheme,
      viewport: { width: 1280, height: 960 },
    });

    test(`the keychain section, ${scheme}`, async ({ page, keyringUi, vault }) => {
      await new BearersPage(page).signIn(keyringUi.firstLink);
      const keychain = new KeychainSection(page);
      await keychain.open();
      await expect(keychain.mode(vault.root)).toHaveText('Encrypted');
      await expect(keychain.masterKey).toHaveText('Present');
      await keychain.section.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: resolve(REPO, 'docs', 'screenshots', `keychain-${scheme}.png`),
      });
    });
  });
}
