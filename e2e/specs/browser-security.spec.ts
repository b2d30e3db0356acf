/**
 * Browser mode's locks, seen from a real browser: no data without the session
 * secret, a foreign Host refused (a request naming another site, and a page
 * loaded under a rebound DNS name), and the printed link good for one page.
 */
import { expect, test } from '../support/fixtures';
import type { PageGlobals } from '../support/page-globals';
import { BearersPage } from '../pages/bearers-page';
import { webRequest } from '../../test-support/web-request';

const LIST_CALL = { type: 'call', id: 1, channel: 'credvault:bearers.list', payload: {} };

test('a request without the session secret gets no data', async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  // The page's own origin, everything a script on it could send, except the secret.
  const answers = await page.evaluate(async (call) => {
    const post = await fetch('/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(call),
    });
    const events = await fetch('/events');
    return [
      { status: post.status, text: await post.text() },
      { status: events.status, text: await events.text() },
    ];
  }, LIST_CALL);
  for (const answer of answers) {
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('has not signed in');
    expect(answer.text).not.toContain('agent-');
  }
});

test('a request with a foreign Host is refused, before anything else', async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  const secret = await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).sessionStorage.getItem('credvault.session'),
  );
  expect(secret).toBeTruthy();
  for (const host of [`evil.example:${ui.port}`, `rebind.test:${ui.port}`, null]) {
    const answer = await webRequest(ui.port, {
      host,
      path: '/call',
      headers: { 'x-credvault-session': secret ?? '' },
      body: LIST_CALL,
    });
    expect(answer.status).toBe(421);
    expect(answer.text).not.toContain('agent-');
  }

  // DNS rebinding: a name the attacker controls, resolved to 127.0.0.1.
  const rebound = await page.context().newPage();
  const response = await rebound.goto(`http://rebind.test:${ui.port}/`);
  expect(response?.status()).toBe(421);
  expect(await rebound.content()).not.toContain('agent-');
});

test('the printed link signs in one page, once; a new one is printed on Enter', async ({
  page,
  ui,
  browser,
}) => {
  const first = new BearersPage(page);
  await first.signIn(ui.firstLink);
  // The code does not stay in the address bar (nor in the history).
  expect(page.url()).not.toContain('code=');
  // A reload keeps the tab signed in.
  await page.reload();
  await expect(first.count).toHaveText('10 bearers');

  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await second.goto(ui.firstLink);
    await expect(second.getByRole('alert')).toContainText(
      'this sign-in link was already used or has expired',
    );
    await expect(second.getByRole('grid')).toHaveCount(0);
    expect(await second.content()).not.toContain('agent-');

    // Enter in the terminal prints a new link, good for a new tab.
    const third = new BearersPage(await other.newPage());
    await third.signIn(await ui.newLink());
    await expect(third.count).toHaveText('10 bearers');
  } finally {
    await other.close();
  }
});

test('a new link pasted into the tab that said "already used" signs that tab in', async ({
  page,
  ui,
  browser,
}) => {
  await new BearersPage(page).signIn(ui.firstLink);
  const other = await browser.newContext();
  try {
    const tab = await other.newPage();
    await tab.goto(ui.firstLink);
    await expect(tab.getByRole('alert')).toContainText('already used');
    // Same page, new fragment: the browser loads nothing by itself.
    const again = new BearersPage(tab);
    await again.signIn(await ui.newLink());
    await expect(again.count).toHaveText('10 bearers');
    expect(tab.url()).not.toContain('code=');
  } finally {
    await other.close();
  }
});
