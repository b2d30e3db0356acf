/**
 * The keychain section of Settings, as a user finds it: the keychain and
 * the master key's state (with the reason, what to do, Retry), the roots
 * table with each root's mode and its Encrypt / Decrypt switch, the
 * confirmation, the migration's progress and outcome. Found by role, label
 * and text only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class KeychainSection {
  readonly section: Locator;
  readonly table: Locator;
  readonly retryButton: Locator;
  /** The confirmation of a switch ("Encrypt this root?", "Decrypt this root?"). */
  readonly confirmDialog: Locator;

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Encryption at rest (keychain)' });
    this.table = this.section.getByRole('table', { name: 'Roots and their encryption' });
    this.retryButton = this.section.getByRole('button', { name: 'Retry', exact: true });
    this.confirmDialog = page.getByRole('dialog', { name: /^(En|De)crypt this root\?$/ });
  }

  /** Opens Settings and brings the section into view. */
  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Settings' })
      .click();
    await expect(this.table).toBeVisible();
    await this.section.scrollIntoViewIfNeeded();
  }

  /** A fact of the key's list ("Keychain", "Master key"): the definition after its term. */
  fact(term: string): Locator {
    return this.section
      .getByRole('term')
      .filter({ hasText: term })
      .locator('xpath=following-sibling::dd[1]');
  }

  get masterKey(): Locator {
    return this.fact('Master key');
  }

  get backend(): Locator {
    return this.fact('Keychain');
  }

  get reason(): Locator {
    return this.section.getByText(/^Reason: /);
  }

  row(root: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader').filter({ hasText: root }) });
  }

  /** "Plain" or "Encrypted" (", unfinished" when a migration stopped part way). */
  mode(root: string): Locator {
    return this.row(root).getByRole('cell').nth(0);
  }

  records(root: string): Locator {
    return this.row(root).getByRole('cell').nth(1);
  }

  /** Every Encrypt / Decrypt switch of the table. */
  get switches(): Locator {
    return this.table.getByRole('button', { name: /^(En|De)crypt / });
  }

  switchOf(root: string): Locator {
    return this.row(root).getByRole('button', { name: /^(En|De)crypt / });
  }

  /** A root's "Finish encrypting" / "Finish decrypting", shown when a migration stopped part way. */
  finishOf(root: string): Locator {
    return this.row(root).getByRole('button', { name: /^Finish (en|de)crypting / });
  }

  /** Presses a root's switch (or its Finish button); the confirmation opens. */
  async startSwitch(root: string, finish = false): Promise<Locator> {
    await (finish ? this.finishOf(root) : this.switchOf(root)).click();
    await expect(this.confirmDialog).toBeVisible();
    return this.confirmDialog;
  }

  /** The migration's outcome ("Encrypted ROOT. …", or the failure). */
  get outcome(): Locator {
    return this.section.getByText(/^(Encrypted|Decrypted|Could not (en|de)crypt) /);
  }
}
