/**
 * Accessibility at 200% zoom: a 1280x960 window zoomed to 200% is a 640x480
 * CSS-pixel viewport at device scale 2, which is what every test here runs
 * in. For each view, and each dialog it opens:
 *
 * - the page never scrolls sideways (a wide table scrolls inside its view);
 * - axe-core finds no WCAG 2.x A/AA violation (every button, input and select
 *   named, contrast, ARIA used right), run by @axe-core/playwright, which
 *   evaluates axe through the driver, so the page's CSP is neither loosened
 *   nor tripped;
 * - Tab reaches every visible control, each at least partly shown when
 *   focused (not scrolled away, clipped or covered: WCAG 2.4.11);
 * - in a dialog, Tab never leaves it, and Escape closes it with focus back
 *   on the control that opened it.
 */
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { credvaultOk } from '../support/credvault-cli';
import { BearersPage } from '../pages/bearers-page';

test.use({ viewport: { width: 640, height: 480 }, deviceScaleFactor: 2 });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MAX_TABS = 150;

// The DOM as the in-page probes use it (the Node-side tsconfig has no DOM library).
interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}
interface El {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Rect;
  contains(other: El | null): boolean;
  matches(selector: string): boolean;
  checkVisibility(options?: object): boolean;
}
interface Win {
  document: {
    activeElement: El | null;
    body: El;
    scrollingElement: { scrollWidth: number; clientWidth: number };
    querySelector(selector: string): El | null;
    querySelectorAll(selector: string): ArrayLike<El>;
    elementFromPoint(x: number, y: number): El | null;
  };
  innerWidth: number;
  innerHeight: number;
  a11ySeen?: El[];
}

interface FocusStep {
  /** Nothing in the page has focus (the browser's own UI does, between two laps). */
  none: boolean;
  /** Focus came back to where the walk started. */
  lapped: boolean;
  outside: string | null;
  hidden: string | null;
}

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const [scrollWidth, clientWidth] = await page.evaluate(() => {
    const root = (globalThis as unknown as Win).document.scrollingElement;
    return [root.scrollWidth, root.clientWidth];
  });
  expect(scrollWidth, `${where}: the page scrolls sideways at 200% zoom`).toBeLessThanOrEqual(
    clientWidth,
  );
}

async function expectNoAxeViolations(page: Page, where: string, scope?: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (scope !== undefined) builder = builder.include(scope);
  const { violations } = await builder.analyze();
  const found = violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id}: ${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
    ),
  );
  expect(found, `${where}: axe-core`).toEqual([]);
}

/**
 * Presses Tab until focus comes back to where it started, checking each
 * focused element: inside `scope` (a dialog) when given, and shown on
 * screen (inside the viewport, not covered). Then names the visible
 * controls in scope that Tab never reached.
 */
async function walkTabs(page: Page, where: string, scope?: string): Promise<void> {
  await page.evaluate(() => {
    (globalThis as unknown as Win).a11ySeen = [];
  });
  const problems: string[] = [];
  let steps = 0;
  for (; steps < MAX_TABS; steps++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate((scopeSelector): FocusStep => {
      const win = globalThis as unknown as Win;
      const doc = win.document;
      const seen = win.a11ySeen ?? [];
      const active = doc.activeElement;
      const describe = (el: El) =>
        `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"`;
      if (active === null || active === doc.body)
        return { none: true, lapped: false, outside: null, hidden: null };
      if (seen.length > 0 && seen[0] === active)
        return { none: false, lapped: true, outside: null, hidden: null };
      seen.push(active);
      const container = scopeSelector === null ? null : doc.querySelector(scopeSelector);
      const outside = container !== null && !container.contains(active) ? describe(active) : null;
      // Shown: some of it inside the viewport, and the middle of that part is it, not
      // something over it or a scroller's edge (WCAG 2.4.11: not entirely hidden).
      const rect = active.getBoundingClientRect();
      const left = Math.max(rect.left, 0);
      const right = Math.min(rect.right, win.innerWidth);
      const top = Math.max(rect.top, 0);
      const bottom = Math.min(rect.bottom, win.innerHeight, top + 24);
      const hit =
        right > left && bottom > top
          ? doc.elementFromPoint((left + right) / 2, (top + bottom) / 2)
          : null;
      const onScreen = hit !== null && active.contains(hit);
      const at = `at ${Math.round(rect.left)},${Math.round(rect.top)} ${Math.round(rect.width)}x${Math.round(rect.height)}`;
      const covered = hit === null ? 'nothing there' : `${describe(hit)} on top`;
      return {
        none: false,
        lapped: false,
        outside,
        hidden: onScreen ? null : `${describe(active)} ${at}, ${covered}`,
      };
    }, scope ?? null);
    if (step.lapped) break;
    if (step.outside !== null) problems.push(`focus left the dialog for ${step.outside}`);
    if (step.hidden !== null) problems.push(`focused but not on screen: ${step.hidden}`);
  }
  if (steps === MAX_TABS) problems.push(`Tab did not come back round in ${MAX_TABS} presses`);

  const unreached = await page.evaluate((scopeSelector) => {
    const win = globalThis as unknown as Win;
    const doc = win.document;
    const seen = win.a11ySeen ?? [];
    const container = scopeSelector === null ? doc.body : doc.querySelector(scopeSelector);
    if (container === null) return ['(the dialog is gone)'];
    const controls = Array.from(
      doc.querySelectorAll(
        'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]',
      ),
    ).filter(
      (el) =>
        container.contains(el) &&
        !el.matches(':disabled, [tabindex="-1"], dialog:not([open]) *') &&
        el.checkVisibility({ visibilityProperty: true }),
    );
    // A radio group is one Tab stop; the arrows move within it.
    const reached = (el: El) =>
      seen.includes(el) ||
      (el.matches('input[type="radio"]') &&
        seen.some(
          (other) =>
            other.matches('input[type="radio"]') &&
            other.getAttribute('name') === el.getAttribute('name'),
        ));
    return controls
      .filter((el) => !reached(el))
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}"`,
      );
  }, scope ?? null);
  for (const control of unreached) problems.push(`Tab never reached ${control}`);
  expect(problems, `${where}: keyboard`).toEqual([]);
}

/** Opens a dialog from `opener` with the keyboard, checks it, leaves it with Escape. */
async function checkDialog(page: Page, opener: Locator, where: string): Promise<void> {
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog[open]');
  await expect(dialog, `${where}: a dialog opens`).toHaveCount(1);
  const name = (await dialog.getAttribute('aria-labelledby')) ?? '';
  const title =
    name === '' ? where : `${where}: ${await page.locator(`[id="${name}"]`).innerText()}`;
  await expectNoSidewaysScroll(page, title);
  await expectNoAxeViolations(page, title, 'dialog[open]');
  await walkTabs(page, title, 'dialog[open]');
  await page.keyboard.press('Escape');
  await expect(dialog, `${title}: Escape closes it`).toHaveCount(0);
  await expect(opener, `${title}: focus returns to its opener`).toBeFocused();
}

async function checkView(page: Page, where: string): Promise<void> {
  await expectNoSidewaysScroll(page, where);
  await expectNoAxeViolations(page, where);
  await walkTabs(page, where);
}

async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name }).click();
  await expect(page.getByRole('heading', { level: 1 }).or(page.getByRole('grid'))).toBeVisible();
}

const button = (page: Page, name: string | RegExp) =>
  page
    .getByRole('main')
    .getByRole('button', { name, exact: typeof name === 'string' })
    .first();

test('Bearers, its shortcuts, Add bearer and the inspector', async ({ page, ui }) => {
  const bearers = new BearersPage(page);
  await bearers.signIn(ui.firstLink);
  await checkView(page, 'Bearers');

  const shortcuts = button(page, 'Keyboard shortcuts');
  await expect(shortcuts).toHaveAttribute('aria-keyshortcuts', '?');
  await checkDialog(page, shortcuts, 'Bearers');
  // `?` opens the same list from the page.
  await bearers.grid.focus();
  await page.keyboard.press('?');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list.getByRole('table', { name: 'Keyboard shortcuts' })).toContainText('Refresh');
  await page.keyboard.press('Escape');
  await expect(bearers.grid).toBeFocused();

  await checkDialog(page, button(page, 'Add bearer'), 'Bearers');
  await bearers.row('agent-jwt').click();
  await checkDialog(page, bearers.inspectButton, 'Bearers');
});

test('Keys, Mint key and Revoke', async ({ page, ui, vault }) => {
  await credvaultOk(vault.home, ['keys', 'mint', 'ci']);
  await new BearersPage(page).signIn(ui.firstLink);
  await openView(page, 'Keys');
  await expect(page.getByRole('table', { name: 'Keys' })).toBeVisible();
  await checkView(page, 'Keys');
  await checkDialog(page, button(page, 'Mint key'), 'Keys');
  await checkDialog(page, button(page, /^Revoke ci/), 'Keys');
});

test('Providers, Add, Edit, Get token and Remove', async ({ page, ui }) => {
  await new BearersPage(page).signIn(ui.firstLink);
  await openView(page, 'Providers');
  await expect(page.getByRole('table', { name: 'Providers' })).toBeVisible();
  await checkView(page, 'Providers');
  for (const name of ['Add provider', 'Edit oidc', 'Get token from oidc', 'Remove oidc'])
    await checkDialog(page, button(page, name), 'Providers');
});

test('Token files, Add token file, and a file’s Set and Remove', async ({ page, ui, vault }) => {
  const path = join(vault.home, 'project', '.auth_token');
  await new BearersPage(page).signIn(ui.firstLink);
  await openView(page, 'Token files');
  await checkView(page, 'Token files, empty');
  await checkDialog(page, button(page, 'Add token file'), 'Token files');

  await button(page, 'Add token file').click();
  const add = page.getByRole('dialog', { name: 'Add a token file' });
  await add.getByRole('textbox', { name: 'Path' }).fill(path);
  await add.getByRole('button', { name: 'Add', exact: true }).click();
  await ui.answerPathPrompt(true);
  await expect(add).toBeHidden();
  await expect(page.getByRole('table', { name: 'Token files' })).toContainText(path);
  await checkView(page, 'Token files, one file');
  await checkDialog(page, button(page, `Set the token in ${path}`), 'Token files');
  await checkDialog(page, button(page, `Remove ${path} from the list`), 'Token files');
});

test('Settings and its dialogs', async ({ page, ui }) => {
  await new BearersPage(page).signIn(ui.firstLink);
  await openView(page, 'Settings');
  await expect(button(page, 'Add root')).toBeVisible();
  await checkView(page, 'Settings');
  for (const name of ['Add root', /^Edit \//, 'Add key file', 'Add token file'])
    await checkDialog(page, button(page, name), 'Settings');
});

test.describe('dark', () => {
  test.use({ colorScheme: 'dark' });

  test('every view passes axe-core in the dark scheme too', async ({ page, ui }) => {
    await new BearersPage(page).signIn(ui.firstLink);
    for (const name of ['Bearers', 'Keys', 'Providers', 'Token files', 'Settings']) {
      await openView(page, name);
      await expect(page.getByRole('main')).not.toContainText(/Reading the|Loading/);
      await expectNoAxeViolations(page, `${name}, dark`);
    }
  });
});
