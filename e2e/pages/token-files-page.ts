/**
 * The Token files view, as a user finds it: the table of token files (a row
 * per path), Reveal / Hide / Copy / Set… / Remove on each row, and the Add,
 * Set and Remove dialogs. Found by role and label only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class TokenFilesPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly addButton: Locator;
  readonly reloadButton: Locator;
  readonly emptyState: Locator;
  readonly notice: Locator;
  readonly addDialog: Locator;
  readonly setDialog: Locator;
  readonly removeDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Workspace token files', level: 1 });
    this.table = page.getByRole('table', { name: 'Token files' });
    this.addButton = page.getByRole('button', { name: 'Add token file', exact: true });
    this.reloadButton = page.getByRole('button', { name: 'Reload', exact: true });
    this.emptyState = page.getByText(/^No workspace token files yet/);
    this.notice = page
      .getByRole('status')
      .filter({ hasText: /^(Saved|Added|Removed|\/.* already holds)/ });
    this.addDialog = page.getByRole('dialog', { name: 'Add a token file' });
    this.setDialog = page.getByRole('dialog', { name: 'Set the token' });
    this.removeDialog = page.getByRole('dialog', { name: 'Remove from the list?' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Token files' })
      .click();
    await expect(this.heading).toBeVisible();
  }

  /** Leaves for the Bearers view (the rows unmount: a revealed token is forgotten). */
  async leave(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Bearers' })
      .click();
    await expect(this.heading).toBeHidden();
  }

  row(path: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: path, exact: false }) });
  }

  state(path: string): Locator {
    return this.row(path).getByText(/^(token stored|no token|unreadable)$/);
  }

  /** The revealed token's box (absent while hidden). */
  revealed(path: string): Locator {
    return this.row(path).getByRole('status', { name: `Token in ${path}` });
  }

  button(path: string, action: 'Reveal' | 'Hide' | 'Copy' | 'Set' | 'Remove'): Locator {
    const names = {
      Reveal: `Reveal the token in ${path}`,
      Hide: `Hide the token in ${path}`,
      Copy: `Copy the token in ${path}`,
      Set: `Set the token in ${path}`,
      Remove: `Remove ${path} from the list`,
    };
    return this.row(path).getByRole('button', { name: names[action], exact: true });
  }

  get pathInput(): Locator {
    return this.addDialog.getByRole('textbox', { name: 'Path' });
  }

  /** The Set dialog's password field (a password input has no textbox role). */
  get tokenInput(): Locator {
    return this.setDialog.getByLabel('Token', { exact: true });
  }

  /** Types a path into Add and submits; the caller answers the terminal's question. */
  async startAdd(path: string): Promise<void> {
    await this.addButton.click();
    await this.pathInput.fill(path);
    await this.addDialog.getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** Puts `token` on the clipboard and pastes it into Set's field, as a user would. */
  async pasteToken(path: string, token: string): Promise<void> {
    await this.button(path, 'Set').click();
    await expect(this.tokenInput).toBeFocused();
    await this.page.evaluate(
      (text) =>
        (
          globalThis as unknown as {
            navigator: { clipboard: { writeText(t: string): Promise<void> } };
          }
        ).navigator.clipboard.writeText(text),
      token,
    );
    await this.page.keyboard.press('ControlOrMeta+V');
  }

  async saveToken(): Promise<void> {
    await this.setDialog.getByRole('button', { name: 'Save token' }).click();
  }
}
