/**
 * The Bearers view, as a user finds it: the filter box, the grid of bearers
 * (one row per bearer; columns by their header text), the toolbar, the Add
 * bearer dialog and the first-run empty state. Found by role and label only,
 * never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { BearerDetail } from './bearer-detail';

export const COLUMNS = ['ID', 'Root', 'Status', 'Expires', 'Token', 'Provider', 'Warning'] as const;
export type Column = (typeof COLUMNS)[number];

/** A bearer to paste in the Add bearer dialog. */
export interface PastedBearer {
  id: string;
  /** A configured root; the dialog's default (the vault's own) when left out. */
  root?: string;
  accessToken: string;
  refreshToken?: string;
  /** "Expires in N minutes" (the default, 60), or a datetime-local value. */
  expiresInMinutes?: number;
  expiresAtLocal?: string;
}

export class BearersPage {
  readonly grid: Locator;
  readonly filter: Locator;
  /** "10 bearers", or "1 of 10" while filtered. */
  readonly count: Locator;
  readonly inspectButton: Locator;
  /** The toolbar's Add bearer (the first in the page; the empty state has another). */
  readonly addButton: Locator;
  readonly addDialog: Locator;
  /** The first-run empty state: no bearers in any root. */
  readonly firstRun: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Bearers' });
    this.filter = page.getByRole('searchbox', { name: 'Filter bearers' });
    this.count = page.getByRole('status').filter({ hasText: /^[\d,]+ (bearers|of [\d,]+)$/ });
    this.inspectButton = page.getByRole('button', { name: 'Inspect', exact: true });
    this.addButton = page.getByRole('button', { name: 'Add bearer', exact: true }).first();
    this.addDialog = page.getByRole('dialog', { name: 'Add a bearer' });
    this.firstRun = page.getByText('No bearers yet.', { exact: true });
  }

  /** Opens a sign-in link and waits for the first rows. */
  async signIn(link: string): Promise<void> {
    await this.page.goto(link);
    await expect(this.grid).toBeVisible();
    await expect(this.count).toHaveText(/bearers$/);
  }

  /** The grid's bearer rows (the header row left out). */
  rows(): Locator {
    return this.grid.getByRole('row').filter({ has: this.page.getByRole('gridcell') });
  }

  row(id: string): Locator {
    return this.rows().filter({
      has: this.page.getByRole('gridcell', { name: id, exact: true }),
    });
  }

  cell(id: string, column: Column): Locator {
    // By aria-colindex: the Root column is left out when there is one root.
    const index = COLUMNS.indexOf(column) + 1;
    return this.row(id).locator(`[role="gridcell"][aria-colindex="${index}"]`);
  }

  /** The ids shown, top to bottom. */
  async ids(): Promise<string[]> {
    const firstCells = this.rows().locator('[role="gridcell"]:first-child');
    return (await firstCells.allInnerTexts()).map((text) => text.trim());
  }

  async filterBy(text: string): Promise<void> {
    await this.filter.fill(text);
  }

  /** Selects the row and presses Inspect; the detail dialog opens. */
  async inspect(id: string): Promise<BearerDetail> {
    await this.row(id).click();
    await this.inspectButton.click();
    const detail = new BearerDetail(this.page, id);
    await expect(detail.dialog).toBeVisible();
    return detail;
  }

  /** A labelled field of the Add bearer dialog. */
  addField(label: string): Locator {
    return this.addDialog.getByLabel(label, { exact: true });
  }

  /**
   * A select of the Add bearer dialog, by its role's name (a wrapping label's
   * text, as getByLabel reads it, would include the options).
   */
  addSelect(name: string): Locator {
    return this.addDialog.getByRole('combobox', { name, exact: true });
  }

  /** Opens Add bearer and fills in a pasted bearer, without submitting. */
  async fillPasted(bearer: PastedBearer): Promise<void> {
    await this.addButton.click();
    await expect(this.addDialog).toBeVisible();
    if (bearer.root !== undefined) await this.addSelect('Root').selectOption(bearer.root);
    await this.addField('Bearer ID').fill(bearer.id);
    await this.addDialog.getByRole('radio', { name: 'Paste a token' }).check();
    await this.addField('Access token').fill(bearer.accessToken);
    await this.addField('Refresh token (optional)').fill(bearer.refreshToken ?? '');
    if (bearer.expiresAtLocal !== undefined) {
      await this.addDialog.getByRole('radio', { name: 'Expires at' }).check();
      await this.addField('Expires at, local time').fill(bearer.expiresAtLocal);
    } else {
      await this.addDialog.getByRole('radio', { name: 'Expires in' }).check();
      await this.addField('Expires in, minutes').fill(String(bearer.expiresInMinutes ?? 60));
    }
  }

  /** The dialog's own Add bearer (submit). */
  async submitAdd(): Promise<void> {
    await this.addDialog.getByRole('button', { name: 'Add bearer', exact: true }).click();
  }

  /** Adds a pasted bearer; the dialog closes and the row appears. */
  async addPasted(bearer: PastedBearer): Promise<void> {
    await this.fillPasted(bearer);
    await this.submitAdd();
    await expect(this.addDialog).toBeHidden();
    await expect(this.row(bearer.id)).toHaveCount(1);
  }

  /** Adds a bearer from a provider (client_credentials); the dialog closes and the row appears. */
  async addFromProvider(id: string, provider: string): Promise<void> {
    await this.addButton.click();
    await this.addField('Bearer ID').fill(id);
    await this.addDialog.getByRole('radio', { name: 'From a provider' }).check();
    await this.addSelect('Provider').selectOption(provider);
    await this.submitAdd();
    await expect(this.addDialog).toBeHidden();
    await expect(this.row(id)).toHaveCount(1);
  }
}
