/**
 * The Bearers view, as a user finds it: the filter box, the grid of bearers
 * (one row per bearer; columns by their header text), the toolbar. Found by
 * role and label only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { BearerDetail } from './bearer-detail';

export const COLUMNS = ['ID', 'Root', 'Status', 'Expires', 'Token', 'Provider', 'Warning'] as const;
export type Column = (typeof COLUMNS)[number];

export class BearersPage {
  readonly grid: Locator;
  readonly filter: Locator;
  /** "10 bearers", or "1 of 10" while filtered. */
  readonly count: Locator;
  readonly inspectButton: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Bearers' });
    this.filter = page.getByRole('searchbox', { name: 'Filter bearers' });
    this.count = page.getByRole('status').filter({ hasText: /^[\d,]+ (bearers|of [\d,]+)$/ });
    this.inspectButton = page.getByRole('button', { name: 'Inspect', exact: true });
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
}
