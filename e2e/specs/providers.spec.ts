/**
 * The Providers view over a real vault and the real OAuth server: a
 * provider added in the page (its client secret typed into a password field
 * and never shown back), used for a client_credentials token that is stored
 * as a bearer and shows up in Bearers, or returned masked with Reveal and
 * Copy; an edit that changes the token URL and scope (seen by the CLI) and
 * keeps the stored secret, which the page never sees; removal naming the
 * bearers it unlinks.
 */
import { resolve } from 'node:path';
import { expect, test } from '../support/fixtures';
import { credvaultOk, REPO } from '../support/credvault-cli';
import type { PageGlobals } from '../support/page-globals';
import { TEST_SCOPE } from '../../test-support/oidc-test-server';
import { BearersPage } from '../pages/bearers-page';
import { ProvidersPage } from '../pages/providers-page';

interface ListedProvider {
  name: string;
  token_url: string;
  scope: string | null;
  client_secret_stored: boolean;
  issuer: string | null;
  jwks_url: string | null;
  extra_params: Record<string, string>;
}

async function listedProvider(home: string, name: string): Promise<ListedProvider | undefined> {
  const listed = JSON.parse(
    await credvaultOk(home, ['providers', 'list', '--json']),
  ) as ListedProvider[];
  return listed.find((provider) => provider.name === name);
}

test('adds a provider and stores its token as a bearer that Bearers then lists', async ({
  page,
  ui,
  vault,
  oidc,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const providers = new ProvidersPage(page);
  await providers.open();
  await expect(providers.cell('oidc', 'Linked bearers')).toContainText('agent-jwt');

  await providers.addButton.click();
  await expect(providers.field('Name')).toBeFocused();
  await expect(providers.field('Client secret')).toHaveAttribute('type', 'password');
  // Typed: in the field, never in the page's HTML (no value attribute).
  await providers.field('Client secret').fill(oidc.clients.post.secret);
  await expect(providers.field('Client secret')).toHaveValue(oidc.clients.post.secret);
  expect(await page.content()).not.toContain(oidc.clients.post.secret);
  await page.keyboard.press('Escape');
  await expect(providers.addButton).toBeFocused();

  const { post } = oidc.clients;
  await providers.add({
    name: 'corp',
    tokenUrl: oidc.tokenUrl,
    clientId: post.id,
    clientSecret: post.secret,
    issuer: oidc.issuer,
    jwksUrl: oidc.jwksUrl,
    extraParams: 'audience=ci',
  });
  await expect(providers.cell('corp', 'Secret stored')).toHaveText('yes');
  expect(await listedProvider(vault.home, 'corp')).toMatchObject({
    issuer: oidc.issuer,
    jwks_url: oidc.jwksUrl,
    extra_params: { audience: 'ci' },
    scope: null,
  });
  await expect(providers.cell('corp', 'Token URL')).toHaveText(oidc.tokenUrl);
  expect(await page.content()).not.toContain(post.secret);

  const dialog = await providers.startGetToken('corp');
  await dialog.getByLabel('Bearer ID', { exact: true }).fill('ci-bot');
  await dialog.getByRole('button', { name: 'Get token' }).click();
  await expect(dialog).toContainText('Stored as bearer ci-bot');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(providers.cell('corp', 'Linked bearers')).toHaveText('ci-bot');

  await page
    .getByRole('navigation', { name: 'Views' })
    .getByRole('button', { name: 'Bearers' })
    .click();
  await expect(bearers.cell('ci-bot', 'Provider')).toHaveText('corp');
  await expect(bearers.cell('ci-bot', 'Status')).toHaveText(/ok/i);
});

test.describe('a token returned to the page', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('is masked until Reveal, copies, and is forgotten on close', async ({ page, ui }) => {
    await new BearersPage(page).signIn(ui.firstLink);
    const providers = new ProvidersPage(page);
    await providers.open();
    const dialog = await providers.startGetToken('oidc');
    await dialog.getByRole('checkbox', { name: /Store as a bearer/ }).uncheck();
    await dialog.getByRole('button', { name: 'Get token' }).click();
    await expect(dialog.getByLabel('Access token, hidden', { exact: true })).toBeVisible();

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog.getByText(/^Copied/)).toBeVisible();
    const copied = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).navigator.clipboard.readText(),
    );
    expect(copied.length).toBeGreaterThan(20);
    expect(await page.content()).not.toContain(copied);

    await dialog.getByRole('button', { name: 'Reveal' }).click();
    await expect(dialog.getByLabel('Access token', { exact: true })).toHaveText(copied);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    expect(await page.content()).not.toContain(copied);
  });
});

test('edits a provider: the CLI sees the new token URL and scope, the stored secret is kept and never shown', async ({
  page,
  ui,
  vault,
  oidc,
}) => {
  await new BearersPage(page).signIn(ui.firstLink);
  const providers = new ProvidersPage(page);
  await providers.open();

  // `broken` points at a stub that refuses every grant; its stored secret is the real client's.
  let dialog = await providers.startEdit('broken');
  const tokenUrl = dialog.getByLabel('Token URL', { exact: true });
  const scope = dialog.getByLabel('Scope (optional)', { exact: true });
  const secret = dialog.getByLabel('Client secret', { exact: true });
  await expect(tokenUrl).toBeFocused();
  await expect(tokenUrl).toHaveValue(oidc.stubUrl('token'));
  await expect(dialog.getByLabel('Client ID', { exact: true })).toHaveValue(oidc.clients.post.id);
  await expect(secret).toHaveAttribute('type', 'password');
  await expect(secret).toHaveValue('');
  await expect(secret).toHaveAccessibleDescription(/Leave empty to keep the stored secret/);
  expect(await page.content()).not.toContain(oidc.clients.post.secret);

  await tokenUrl.fill(oidc.tokenUrl);
  await scope.fill(TEST_SCOPE);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(providers.row('broken').getByRole('button', { name: 'Edit broken' })).toBeFocused();
  await expect(providers.cell('broken', 'Token URL')).toHaveText(oidc.tokenUrl);
  await expect(providers.cell('broken', 'Secret stored')).toHaveText('yes');
  expect(await listedProvider(vault.home, 'broken')).toMatchObject({
    token_url: oidc.tokenUrl,
    scope: TEST_SCOPE,
    client_secret_stored: true,
  });

  // The kept secret still authenticates against the real token endpoint.
  const token = await providers.startGetToken('broken');
  await token.getByLabel('Bearer ID', { exact: true }).fill('edited-bot');
  await token.getByRole('button', { name: 'Get token' }).click();
  await expect(token).toContainText('Stored as bearer edited-bot');
  await expect(token).toContainText(`(scope: ${TEST_SCOPE})`);
  await token.getByRole('button', { name: 'Done' }).click();

  // An optional field emptied is cleared.
  dialog = await providers.startEdit('broken');
  await expect(scope).toHaveValue(TEST_SCOPE);
  await scope.fill('');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await listedProvider(vault.home, 'broken'))?.scope).toBeNull();
  expect((await listedProvider(vault.home, 'broken'))?.token_url).toBe(oidc.tokenUrl);
  expect(await page.content()).not.toContain(oidc.clients.post.secret);
});

test('removes a provider, naming the bearers it unlinks', async ({ page, ui, vault }) => {
  await new BearersPage(page).signIn(ui.firstLink);
  const providers = new ProvidersPage(page);
  await providers.open();
  const dialog = await providers.startRemove('oidc');
  const linked = dialog.getByRole('list', { name: 'Linked bearers' });
  await expect(linked).toContainText('agent-jwt');
  await expect(linked).toContainText('agent-forged');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(providers.row('oidc')).toHaveCount(1);

  await (
    await providers.startRemove('oidc')
  )
    .getByRole('button', { name: 'Unlink and remove' })
    .click();
  await expect(providers.row('oidc')).toHaveCount(0);
  // Its Remove button went with the row: focus goes to Add provider, not the page.
  await expect(providers.addButton).toBeFocused();
  expect(await credvaultOk(vault.home, ['providers', 'list'])).not.toMatch(/\boidc\b/);
});

// The README's screenshots of this view, written on every run.
for (const scheme of ['light', 'dark'] as const) {
  test.describe(`screenshot, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 960 } });

    test(`the providers view, ${scheme}`, async ({ page, ui }) => {
      await new BearersPage(page).signIn(ui.firstLink);
      const providers = new ProvidersPage(page);
      await providers.open();
      await expect(providers.row('oidc')).toHaveCount(1);
      await page.screenshot({
        path: resolve(REPO, 'docs', 'screenshots', `providers-${scheme}.png`),
      });
    });
  });
}
