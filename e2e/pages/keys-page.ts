/**
 * The Keys view, as a user finds it: the keys table (rows by name), Mint
 * key and its dialog (the name, then the key shown once), Revoke and its
 * confirmation. Found by role and label only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class KeysPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly mintButton: Locator;
  readonly emptyState: Locator;
  readonly mintDialog: Locator;
  readonly shownDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'API keys', level: 1 });
    this.table = page.getByRole('table', { name: 'Keys' });
    this.mintButton = page.getByRole('button', { name: 'Mint key', exact: true });
    this.emptyState = page.getByText(/No key file yet|No keys in this file/);
    this.mintDialog = page.getByRole('dialog', { name: 'Mint a key' });
    this.shownDialog = page.getByRole('dialog', { name: 'Your new key' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Keys' })
      .click();
    await expect(this.heading).toBeVisible();
  }

  /** The table's rows with this name (the header row left out). */
  rows(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  get nameInput(): Locator {
    return this.mintDialog.getByRole('textbox', { name: 'Key name' });
  }

  get newKey(): Locator {
    return this.shownDialog.getByLabel('New API key', { exact: true });
  }

  /** Mints through the dialog and returns the key it shows once (the dialog stays open). */
  async mint(name: string): Promise<string> {
    await this.mintButton.click();
    await this.nameInput.fill(name);
    await this.mintDialog.getByRole('button', { name: 'Mint key' }).click();
    await expect(this.newKey).toBeVisible();
    return (await this.newKey.textContent()) ?? '';
  }

  /** Opens the confirmation for one row's Revoke. */
  async startRevoke(name: string, nth = 0): Promise<Locator> {
    await this.rows(name)
      .nth(nth)
      .getByRole('button', { name: new RegExp(`^Revoke ${name} `) })
      .click();
    const dialog = this.page.getByRole('dialog', { name: /^Revoke \d+ keys?\?$/ });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
