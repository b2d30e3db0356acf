/**
 * The bearer detail over a real vault and the real OAuth server: what the
 * token says and whether its signature holds; the token kept out of the
 * page until Reveal; Copy in a browser; Refresh, done and refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '../support/fixtures';
import type { PageGlobals } from '../support/page-globals';
import { BearersPage } from '../pages/bearers-page';
import { TEST_RESOURCE, TEST_SCOPE } from '../../test-support/oidc-test-server';

test('inspects a JWT whose signature the provider verifies', async ({ page, ui, oidc }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const detail = await bearers.inspect('agent-jwt');
  await detail.waitForInspection();
  await expect(detail.signatureResult).toHaveText('verified');
  await expect(detail.fact(detail.signatureSection, 'Algorithm')).toHaveText('RS256');
  await expect(detail.fact(detail.signatureSection, 'Keys from')).toHaveText('oidc');
  await expect(detail.fact(detail.claimsSection, 'Kind')).toHaveText('JWT');
  await expect(detail.fact(detail.claimsSection, 'Issuer')).toHaveText(oidc.issuer);
  await expect(detail.fact(detail.claimsSection, 'Audience')).toHaveText(TEST_RESOURCE);
  await expect(detail.fact(detail.claimsSection, 'Scopes')).toHaveText(TEST_SCOPE);
  await expect(detail.fact(detail.claimsSection, 'Expires')).toContainText(/in 59m \d+s/);
});

test('inspects a forged JWT: the signature fails, with its reason', async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const detail = await bearers.inspect('agent-forged');
  await detail.waitForInspection();
  await expect(detail.signatureResult).toHaveText('failed');
  await expect(detail.fact(detail.signatureSection, 'Reason')).not.toBeEmpty();
});

test('keeps the token out of the page until Reveal, and drops it on close', async ({
  page,
  ui,
  vault,
}) => {
  const token = vault.secrets.jwt;
  // Every answer the page receives, as the browser received it.
  const received: string[] = [];
  page.on('response', (response) => {
    void response.text().then(
      (text) => received.push(text),
      () => {},
    );
  });
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const detail = await bearers.inspect('agent-jwt');
  await detail.waitForInspection();
  await expect(detail.hiddenToken).toBeVisible();

  expect(await page.content()).not.toContain(token);
  expect(await page.locator('body').innerText()).not.toContain(token);
  expect(received.join('\n')).not.toContain(token);
  // Not even a piece of it: the signature part alone is unique to this token.
  expect(await page.content()).not.toContain(token.split('.')[2]);

  await detail.reveal();
  await expect(detail.revealedToken).toHaveText(token);
  await detail.close();
  await expect.poll(() => page.content()).not.toContain(token);
});

test.describe('copy', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copies the token, and as a header, saying the browser cannot clear it', async ({
    page,
    ui,
    vault,
  }) => {
    const bearers = new BearersPage(page);
    await bearers.signIn(ui.firstLink);
    const detail = await bearers.inspect('agent-jwt');
    await expect(detail.tokenNote).toContainText('cannot clear the clipboard');

    await detail.copy();
    await expect(detail.tokenNote).toContainText(/copied/i);
    expect(
      await page.evaluate(() =>
        (globalThis as unknown as PageGlobals).navigator.clipboard.readText(),
      ),
    ).toBe(vault.secrets.jwt);
    // Copying did not show it.
    await expect(detail.hiddenToken).toBeVisible();

    await detail.copyAsHeader();
    await expect
      .poll(() =>
        page.evaluate(() => (globalThis as unknown as PageGlobals).navigator.clipboard.readText()),
      )
      .toBe(`Authorization: Bearer ${vault.secrets.jwt}`);
  });
});

test('refreshes a bearer with the provider and shows the new expiry', async ({
  page,
  ui,
  vault,
  oidc,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const detail = await bearers.inspect('agent-jwt');
  const requestsBefore = oidc.tokenRequests;
  await detail.refresh();
  await expect(detail.refreshOutcome).toContainText(/^refreshed: expires .*\(in (59m|1h)/);
  await expect(detail.refreshOutcome).toContainText('the server sent a new refresh token');
  expect(oidc.tokenRequests).toBe(requestsBefore + 1);
  const onDisk = JSON.parse(
    readFileSync(join(vault.root, 'agent-jwt', 'access_token.json'), 'utf8'),
  ) as string;
  expect(onDisk).not.toBe(vault.secrets.jwt);
  expect(await page.content()).not.toContain(onDisk);
});

test("shows the server's error when a refresh is refused", async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const detail = await bearers.inspect('agent-broken');
  await detail.refresh();
  await expect(detail.refreshOutcome).toContainText(
    /^refresh failed: .*HTTP 400 invalid_grant \(refresh token expired\)/,
  );
  await detail.close();
  // The bearer is unchanged, and still listed as it was.
  await expect(bearers.cell('agent-broken', 'Status')).toHaveText('near expiry');
});
