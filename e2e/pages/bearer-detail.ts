/**
 * The bearer detail (inspector) dialog: the masked token with Reveal, Copy
 * and Copy as header; expiry and Refresh with its outcome; the linked
 * provider and keep-fresh; the claims and the signature check; Delete with
 * its confirmation. Sections are regions named by their headings.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export class BearerDetail {
  readonly dialog: Locator;
  readonly tokenSection: Locator;
  readonly expirySection: Locator;
  readonly claimsSection: Locator;
  readonly signatureSection: Locator;
  readonly linkSection: Locator;
  readonly providerSelect: Locator;
  readonly keepFreshSwitch: Locator;
  readonly deleteButton: Locator;
  /** The confirmation Delete opens, over the detail. */
  readonly deleteDialog: Locator;

  constructor(
    readonly page: Page,
    readonly id: string,
  ) {
    this.dialog = page.getByRole('dialog', { name: id, exact: true });
    this.tokenSection = this.dialog.getByRole('region', { name: /^Access token/ });
    this.expirySection = this.dialog.getByRole('region', { name: 'Expiry and refresh' });
    this.claimsSection = this.dialog.getByRole('region', { name: 'Claims' });
    this.signatureSection = this.dialog.getByRole('region', { name: 'Signature' });
    this.linkSection = this.dialog.getByRole('region', { name: 'Provider and keep-fresh' });
    this.providerSelect = this.linkSection.getByRole('combobox', { name: 'Linked provider' });
    this.keepFreshSwitch = this.linkSection.getByRole('switch', { name: 'Keep fresh' });
    this.deleteButton = this.dialog.getByRole('button', { name: 'Delete…', exact: true });
    this.deleteDialog = page.getByRole('dialog', { name: `Delete bearer ${id}?`, exact: true });
  }

  /** What the link section says about the link and keep-fresh (progress, errors, why not). */
  get linkNotes(): Locator {
    return this.linkSection.getByRole('status');
  }

  /** Links to a provider (null: unlinks); waits until the vault's answer shows. */
  async linkTo(provider: string | null): Promise<void> {
    await this.providerSelect.selectOption(provider ?? 'Not linked');
    await expect(this.providerSelect).toBeEnabled();
    await expect(this.providerSelect).toHaveValue(provider ?? '');
  }

  async setKeepFresh(on: boolean): Promise<void> {
    await this.keepFreshSwitch.setChecked(on);
    await expect(this.keepFreshSwitch).toBeEnabled();
    await expect(this.keepFreshSwitch).toBeChecked({ checked: on });
  }

  /** Opens the delete confirmation (Cancel has the focus). */
  async startDelete(): Promise<Locator> {
    await this.deleteButton.click();
    await expect(this.deleteDialog).toBeVisible();
    return this.deleteDialog;
  }

  /** Confirms the delete: the confirmation and the detail close. */
  async confirmDelete(): Promise<void> {
    await this.deleteDialog.getByRole('button', { name: 'Delete bearer', exact: true }).click();
    await expect(this.deleteDialog).toBeHidden();
    await expect(this.dialog).toBeHidden();
  }

  get hiddenToken(): Locator {
    return this.tokenSection.getByLabel('Access token, hidden', { exact: true });
  }

  get revealedToken(): Locator {
    return this.tokenSection.getByLabel('Access token', { exact: true });
  }

  /** What the token section says about Reveal and Copy. */
  get tokenNote(): Locator {
    return this.tokenSection.getByRole('status');
  }

  /** The refresh's progress and outcome (the new expiry, or the server's error). */
  get refreshOutcome(): Locator {
    return this.expirySection.getByRole('status');
  }

  /** A fact of a section's list: the definition that follows its term. */
  fact(section: Locator, term: string): Locator {
    return section
      .getByRole('term')
      .filter({ hasText: term })
      .locator('xpath=following-sibling::dd[1]');
  }

  /** The signature check's result (verified, failed, not-checked), once inspected. */
  get signatureResult(): Locator {
    return this.fact(this.signatureSection, 'Result');
  }

  async waitForInspection(): Promise<void> {
    await expect(this.signatureResult).toBeVisible();
  }

  async reveal(): Promise<void> {
    await this.tokenSection.getByRole('button', { name: 'Reveal', exact: true }).click();
  }

  async copy(): Promise<void> {
    await this.tokenSection.getByRole('button', { name: 'Copy', exact: true }).click();
  }

  async copyAsHeader(): Promise<void> {
    await this.tokenSection.getByRole('button', { name: 'Copy as header', exact: true }).click();
  }

  async refresh(): Promise<void> {
    await this.expirySection.getByRole('button', { name: 'Refresh', exact: true }).click();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }
}
