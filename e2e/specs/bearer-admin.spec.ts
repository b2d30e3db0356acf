/**
 * Managing bearers in the Bearers view over a real vault and the real OAuth
 * server: a pasted bearer added, linked, kept fresh, refreshed and deleted,
 * each step checked with the CLI or on disk; the pasted tokens never in the
 * page nor in `credvault ui`'s output; a replace that asks first; ids the
 * vault refuses; a bearer from a provider; the first-run empty state; and
 * the README's screenshots of the add dialog.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { credvault, credvaultOk, REPO } from '../support/credvault-cli';
import { BearersPage } from '../pages/bearers-page';
import { markedSecret } from '../../test-support/leak-marker';

const NOW = () => Math.floor(Date.now() / 1000);

interface ShownBearer {
  id: string;
  status: string;
  expires_at_unix: number | null;
  provider: string | null;
  keep_fresh: boolean;
}

async function shown(home: string, id: string): Promise<ShownBearer> {
  return JSON.parse(await credvaultOk(home, ['bearers', 'show', id, '--json'])) as ShownBearer;
}

function settingsOnDisk(home: string): { keepFreshBearers?: Array<{ root: string; id: string }> } {
  return JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')) as {
    keepFreshBearers?: Array<{ root: string; id: string }>;
  };
}

function linksOnDisk(home: string): string {
  const path = join(home, 'links.json');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Everything the page has received over HTTP, as the browser received it. */
function recordResponses(page: Page): string[] {
  const received: string[] = [];
  page.on('response', (response) => {
    void response.text().then(
      (text) => received.push(text),
      () => {},
    );
  });
  return received;
}

/** The page's markup and text hold none of `secrets`. */
async function expectNotInPage(page: Page, secrets: readonly string[]): Promise<void> {
  const content = await page.content();
  const text = await page.locator('body').innerText();
  for (const secret of secrets) {
    expect(content).not.toContain(secret);
    expect(text).not.toContain(secret);
  }
}

test('a bearer added, linked, refreshed and deleted', async ({ page, ui, vault, oidc }) => {
  // Both carry the leak marker, so the fixture also fails if `credvault ui` prints either.
  const accessToken = markedSecret('pasted-access');
  const refreshToken = await oidc.issueRefreshToken('post');
  const secrets = [accessToken, refreshToken];
  const received = recordResponses(page);
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);

  // Add: pasted, expiring in an hour.
  await bearers.fillPasted({ id: 'pasted-bot', accessToken, refreshToken, expiresInMinutes: 60 });
  await expectNotInPage(page, secrets);
  await bearers.submitAdd();
  await expect(bearers.addDialog).toBeHidden();
  await expect(bearers.row('pasted-bot')).toHaveCount(1);
  await expect(bearers.cell('pasted-bot', 'Status')).toHaveText('ok');
  const added = await shown(vault.home, 'pasted-bot');
  expect(added.status).toBe('ok');
  expect(added.expires_at_unix).toBeGreaterThan(NOW() + 3500);
  expect(added.expires_at_unix).toBeLessThanOrEqual(NOW() + 3600);
  const folder = join(vault.root, 'pasted-bot');
  expect(JSON.parse(readFileSync(join(folder, 'access_token.json'), 'utf8'))).toBe(accessToken);
  expect(JSON.parse(readFileSync(join(folder, 'refresh_token.json'), 'utf8'))).toBe(refreshToken);

  // Link: keep-fresh needs a provider first, and says so.
  const detail = await bearers.inspect('pasted-bot');
  await expect(detail.providerSelect).toHaveValue('');
  await expect(detail.keepFreshSwitch).toBeDisabled();
  await expect(detail.linkNotes.last()).toContainText('Needs a linked provider');
  await detail.linkTo('oidc');
  await expect(bearers.cell('pasted-bot', 'Provider')).toHaveText('oidc');
  expect(linksOnDisk(vault.home)).toContain('pasted-bot');
  expect((await shown(vault.home, 'pasted-bot')).provider).toBe('oidc');

  // Keep-fresh on: the settings mark this bearer.
  await detail.setKeepFresh(true);
  await expect
    .poll(() => settingsOnDisk(vault.home).keepFreshBearers ?? [])
    .toContainEqual({ root: vault.root, id: 'pasted-bot' });
  expect((await shown(vault.home, 'pasted-bot')).keep_fresh).toBe(true);

  // Refresh in the page: the provider's new token is on disk, verified by the CLI.
  const requestsBefore = oidc.tokenRequests;
  await detail.refresh();
  await expect(detail.refreshOutcome).toContainText(/^refreshed: expires .*\(in (59m|1h)/);
  expect(oidc.tokenRequests).toBe(requestsBefore + 1);
  const refreshed = JSON.parse(readFileSync(join(folder, 'access_token.json'), 'utf8')) as string;
  expect(refreshed).not.toBe(accessToken);
  const verified = await credvault(vault.home, ['inspect', 'pasted-bot', '--verify']);
  expect(verified.code, verified.stderr).toBe(0);
  await expect(detail.fact(detail.linkSection, 'Last refresh')).toContainText('refreshed');

  // Delete: the confirmation names what goes; then the detail, the row and the folder go.
  const confirm = await detail.startDelete();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const list = confirm.getByRole('list', { name: 'What is deleted' });
  for (const what of [
    'access_token.json',
    'refresh_token.json',
    'expires_at.json',
    '.credvault.lock',
    folder,
    'its link to provider oidc',
    'its keep-fresh mark',
  ]) {
    await expect(list).toContainText(what);
  }
  await expect(confirm).toContainText(`in root ${vault.root}`);
  await detail.confirmDelete();
  await expect(bearers.row('pasted-bot')).toHaveCount(0);
  expect(existsSync(folder)).toBe(false);
  const gone = await credvault(vault.home, ['bearers', 'show', 'pasted-bot', '--json']);
  expect(gone.code).toBe(1);
  expect(gone.stderr).toContain('no bearer "pasted-bot"');
  expect(linksOnDisk(vault.home)).not.toContain('pasted-bot');
  await expect
    .poll(() => settingsOnDisk(vault.home).keepFreshBearers ?? [])
    .not.toContainEqual({ root: vault.root, id: 'pasted-bot' });

  // Never in the page, nor in anything the page received, nor in ui's output so far.
  await expectNotInPage(page, [...secrets, refreshed]);
  expect(received.join('\n')).not.toContain(accessToken);
  expect(received.join('\n')).not.toContain(refreshToken);
  const { stdout, stderr } = ui.output();
  for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
});

test('asks before replacing an existing bearer, and shows the ids the vault refuses', async ({
  page,
  ui,
  vault,
}) => {
  const accessToken = markedSecret('replacing-access');
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);

  // An id the core's rule refuses: the field says why, nothing is asked of the vault.
  await bearers.fillPasted({ id: '.hidden', accessToken });
  await bearers.submitAdd();
  await expect(bearers.addField('Bearer ID')).toHaveAttribute('aria-invalid', 'true');
  await expect(bearers.addDialog.getByText('Bearer ID: may not start with ".".')).toBeVisible();

  // An id shaped like a secret: refused by the vault, in its words.
  await bearers
    .addField('Bearer ID')
    .fill('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXBhcnQ');
  await bearers.submitAdd();
  await expect(bearers.addDialog.getByRole('alert')).toContainText('looks like a JWT');

  // An existing bearer: the dialog asks first (Back has the focus), and Back changes nothing.
  const before = await shown(vault.home, 'agent-jwt');
  await bearers.addField('Bearer ID').fill('agent-jwt');
  await bearers.submitAdd();
  const replace = bearers.addDialog.getByRole('button', { name: 'Replace bearer' });
  await expect(replace).toBeVisible();
  await expect(bearers.addDialog.getByRole('alert')).toContainText(
    `Bearer agent-jwt already exists in ${vault.root} (ok)`,
  );
  await expect(bearers.addDialog).toContainText('It stays linked to oidc.');
  await expect(bearers.addDialog.getByRole('button', { name: 'Back' })).toBeFocused();
  await bearers.addDialog.getByRole('button', { name: 'Back' }).click();
  await expect(bearers.addField('Bearer ID')).toBeVisible();
  expect((await shown(vault.home, 'agent-jwt')).expires_at_unix).toBe(before.expires_at_unix);

  // Confirmed: replaced, with the new expiry; the pasted token was kept in the field meanwhile.
  await bearers.addDialog.getByRole('radio', { name: 'Expires in' }).check();
  await bearers.addField('Expires in, minutes').fill('5');
  await bearers.submitAdd();
  await replace.click();
  await expect(bearers.addDialog).toBeHidden();
  await expect.poll(async () => (await shown(vault.home, 'agent-jwt')).status).toBe('near_expiry');
  expect(JSON.parse(readFileSync(join(vault.root, 'agent-jwt', 'access_token.json'), 'utf8'))).toBe(
    accessToken,
  );
  await expect(bearers.cell('agent-jwt', 'Status')).toHaveText('near expiry');

  // A bearer whose files are invalid: the dialog says so, and replacing it (with the
  // `force` the vault needs for that) writes a valid one.
  await bearers.fillPasted({ id: 'agent-empty', accessToken, expiresInMinutes: 60 });
  await bearers.submitAdd();
  await expect(bearers.addDialog.getByRole('alert')).toContainText('(invalid)');
  await expect(bearers.addDialog).toContainText('Its files are invalid');
  await replace.click();
  await expect(bearers.addDialog).toBeHidden();
  await expect.poll(async () => (await shown(vault.home, 'agent-empty')).status).toBe('ok');
  await expectNotInPage(page, [accessToken]);
});

test('adds a bearer from a provider (client_credentials), linked to it', async ({
  page,
  ui,
  vault,
  oidc,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const requestsBefore = oidc.tokenRequests;
  await bearers.addFromProvider('cc-bot', 'oidc');
  expect(oidc.tokenRequests).toBe(requestsBefore + 1);
  await expect(bearers.cell('cc-bot', 'Provider')).toHaveText('oidc');
  expect((await shown(vault.home, 'cc-bot')).status).toBe('ok');
  const verified = await credvault(vault.home, ['inspect', 'cc-bot', '--verify']);
  expect(verified.code, verified.stderr).toBe(0);
  const stored = JSON.parse(
    readFileSync(join(vault.root, 'cc-bot', 'access_token.json'), 'utf8'),
  ) as string;
  await expectNotInPage(page, [stored]);
});

test('the first run says what to do next', async ({ page, ui, vault }) => {
  // Every bearer gone from the one root: what a first run looks like.
  for (const entry of readdirSync(vault.root)) {
    rmSync(join(vault.root, entry), { recursive: true, force: true });
  }
  const bearers = new BearersPage(page);
  await page.goto(ui.firstLink);
  await expect(bearers.firstRun).toBeVisible();
  await expect(page.getByText('credvault bearers put ID')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add bearer', exact: true })).toHaveCount(2);

  // The empty state's own Add bearer opens the dialog.
  await page.getByRole('button', { name: 'Add bearer', exact: true }).last().click();
  await expect(bearers.addDialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bearers.addDialog).toBeHidden();

  await page.getByRole('button', { name: 'add a root in Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
});

// The README's screenshots of the add dialog, with made-up values, written on every run.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 960 } });

    test(`the add bearer dialog, ${scheme}`, async ({ page, ui }) => {
      const bearers = new BearersPage(page);
      await bearers.signIn(ui.firstLink);
      await bearers.fillPasted({
        id: 'ci-bot',
        accessToken: 'not-a-real-token-0123456789',
        refreshToken: 'not-a-real-refresh-token',
        expiresInMinutes: 60,
      });
      await bearers.addField('Bearer ID').focus();
      await page.screenshot({
        path: resolve(REPO, 'docs', 'screenshots', `bearer-add-${scheme}.png`),
      });
    });
  });
}
