/**
 * The Providers view, as a user finds it: the providers table (rows by
 * name, columns by header), Add provider, Edit, Remove and Get token with
 * their dialogs. Found by role and label only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const PROVIDER_COLUMNS = [
  'Name',
  'Token URL',
  'Client ID',
  'Auth',
  'Secret stored',
  'Linked bearers',
] as const;
export type ProviderColumn = (typeof PROVIDER_COLUMNS)[number];

export interface NewProvider {
  name: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  auth?: 'client_secret_post' | 'client_secret_basic' | 'none';
  scope?: string;
  /** Filled in the folded "Token checks and extra parameters" part. */
  issuer?: string;
  jwksUrl?: string;
  /** One `name=value` a line. */
  extraParams?: string;
}

export class ProvidersPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly addButton: Locator;
  readonly addDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Providers', level: 1 });
    this.table = page.getByRole('table', { name: 'Providers' });
    this.addButton = page.getByRole('button', { name: 'Add provider', exact: true });
    this.addDialog = page.getByRole('dialog', { name: 'Add a provider' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Providers' })
      .click();
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.table
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name, exact: true }) });
  }

  cell(name: string, column: ProviderColumn): Locator {
    return this.row(name).getByRole('cell').nth(PROVIDER_COLUMNS.indexOf(column));
  }

  field(label: string): Locator {
    return this.addDialog.getByLabel(label, { exact: true });
  }

  async add(provider: NewProvider): Promise<void> {
    await this.addButton.click();
    await this.field('Name').fill(provider.name);
    await this.field('Token URL').fill(provider.tokenUrl);
    await this.field('Client ID').fill(provider.clientId);
    await this.addDialog
      .getByRole('combobox', { name: /^Client authentication/ })
      .selectOption(provider.auth ?? 'client_secret_post');
    await this.field('Client secret').fill(provider.clientSecret);
    if (provider.scope !== undefined) await this.field('Scope (optional)').fill(provider.scope);
    const optional = {
      'Issuer (optional)': provider.issuer,
      'JWKS URL (optional)': provider.jwksUrl,
      'Extra parameters (optional)': provider.extraParams,
    };
    if (Object.values(optional).some((value) => value !== undefined)) {
      await this.addDialog.getByText('Token checks and extra parameters (optional)').click();
      for (const [label, value] of Object.entries(optional))
        if (value !== undefined) await this.field(label).fill(value);
    }
    await this.addDialog.getByRole('button', { name: 'Add provider' }).click();
    await expect(this.addDialog).toBeHidden();
  }

  editDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Edit provider ${name}` });
  }

  async startEdit(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Edit ${name}` })
      .click();
    const dialog = this.editDialog(name);
    await expect(dialog).toBeVisible();
    return dialog;
  }

  tokenDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Get a token from ${name}` });
  }

  async startGetToken(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Get token from ${name}` })
      .click();
    const dialog = this.tokenDialog(name);
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async startRemove(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole('button', { name: `Remove ${name}` })
      .click();
    const dialog = this.page.getByRole('dialog', { name: `Remove provider ${name}?` });
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
