/**
 * The Bearers view over a real vault: every bearer listed, soonest expiry
 * first; invalid ones with their reason; the filter; and a bearer written by
 * another program appearing without a reload.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { REPO } from '../support/credvault-cli';
import { expect, test } from '../support/fixtures';
import type { PageGlobals } from '../support/page-globals';
import { BearersPage } from '../pages/bearers-page';

const SEED_LIKE_WRITER = resolve(REPO, 'test-support', 'children', 'seed-like-writer.mjs');

test('lists every bearer, soonest expiry first, with their status, kind and provider', async ({
  page,
  ui,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  await expect(bearers.count).toHaveText('10 bearers');
  const ids = await bearers.ids();
  expect([...ids].sort()).toEqual(
    [
      'agent-2pow53plus1',
      'agent-broken',
      'agent-control',
      'agent-empty',
      'agent-expired',
      'agent-far',
      'agent-forged',
      'agent-jwt',
      'agent-quotes',
      'agent-u64max',
    ].sort(),
  );
  // Soonest expiry first: long expired, then about to expire, then an hour, then 2100.
  const order = ['agent-expired', 'agent-broken', 'agent-jwt', 'agent-far'].map((id) =>
    ids.indexOf(id),
  );
  expect(order).toEqual([...order].sort((a, b) => a - b));

  await expect(bearers.cell('agent-jwt', 'Status')).toHaveText('ok');
  await expect(bearers.cell('agent-jwt', 'Token')).toHaveText('JWT');
  await expect(bearers.cell('agent-jwt', 'Provider')).toHaveText('oidc');
  await expect(bearers.cell('agent-jwt', 'Expires')).toHaveText(/^in 59m \d+s$/);
  await expect(bearers.cell('agent-broken', 'Status')).toHaveText('near expiry');
  await expect(bearers.cell('agent-expired', 'Status')).toHaveText('expired');
});

test("shows an invalid bearer's reason, naming the file", async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  await expect(bearers.cell('agent-empty', 'Status')).toHaveText('invalid');
  await expect(bearers.cell('agent-empty', 'Warning')).toContainText(
    'access_token.json: empty access token',
  );
  await expect(bearers.cell('agent-u64max', 'Warning')).toContainText(
    'expires_at.json: expiry 18446744073709551615 is out of range',
  );
  // The detail says it too, and offers no Reveal for a token it cannot read.
  const detail = await bearers.inspect('agent-empty');
  await expect(detail.dialog.getByRole('alert')).toContainText(
    'access_token.json: empty access token',
  );
  await expect(detail.tokenSection.getByRole('button', { name: 'Reveal' })).toBeDisabled();
});

test('filters as the user types, from the keyboard too', async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  await bearers.filterBy('forged');
  await expect(bearers.rows()).toHaveCount(1);
  await expect(bearers.row('agent-forged')).toBeVisible();
  await expect(bearers.count).toHaveText('1 of 10');

  await bearers.filterBy('status:invalid');
  expect((await bearers.ids()).sort()).toEqual([
    'agent-2pow53plus1',
    'agent-empty',
    'agent-u64max',
  ]);

  await bearers.filterBy('');
  await expect(bearers.count).toHaveText('10 bearers');
  // `/` jumps to the filter from anywhere in the view.
  await bearers.grid.focus();
  await page.keyboard.press('/');
  await expect(bearers.filter).toBeFocused();
  await page.keyboard.type('provider:oidc');
  expect((await bearers.ids()).sort()).toEqual(['agent-forged', 'agent-jwt']);
});

test('shows a bearer another program wrote on disk, without a reload', async ({
  page,
  ui,
  vault,
}) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  await expect(bearers.count).toHaveText('10 bearers');
  // Anything a reload would lose: the page must stay the same document.
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).stillThisPage = true;
  });

  // The seed broker's way of writing (in place, one file after another), from another process.
  await promisify(execFile)(process.execPath, [
    SEED_LIKE_WRITER,
    join(vault.root, 'agent-from-disk'),
    '1',
    '0',
  ]);
  await expect(bearers.row('agent-from-disk')).toBeVisible();
  await expect(bearers.count).toHaveText('11 bearers');
  await expect(bearers.cell('agent-from-disk', 'Status')).toHaveText('expired');
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).stillThisPage)).toBe(
    true,
  );
});
