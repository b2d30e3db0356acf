/**
 * The Settings view, as a user finds it: the bearer roots table (rows by
 * path) with Add root, Edit and Remove; the key file and token file lists;
 * the preferences (theme, clipboard clear time, notifications). Found by
 * role and label only, never by CSS class.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export type PathList = 'Key files' | 'Workspace token files';

export class SettingsPage {
  readonly heading: Locator;
  readonly rootsTable: Locator;
  readonly addRootButton: Locator;
  readonly clipboardField: Locator;
  readonly theme: Locator;
  /** Notifications, clipboard and theme. */
  readonly preferences: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Settings', level: 1 });
    this.rootsTable = page.getByRole('table', { name: 'Bearer roots' });
    this.addRootButton = page.getByRole('button', { name: 'Add root', exact: true });
    this.clipboardField = page.getByRole('textbox', {
      name: 'Clear the clipboard after (seconds)',
    });
    this.theme = page.getByRole('group', { name: 'Theme' });
    this.preferences = page.getByRole('region', { name: 'Notifications, clipboard and theme' });
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name: 'Settings' })
      .click();
    await expect(this.heading).toBeVisible();
    await expect(this.rootsTable).toBeVisible();
  }

  /** The roots table's row for this path (its row header starts with the path). */
  rootRow(path: string): Locator {
    return this.rootsTable.getByRole('row').filter({
      has: this.page.getByRole('rowheader', { name: new RegExp(`^${escape(path)}( default)?$`) }),
    });
  }

  /** A dialog by its title. */
  dialog(title: string | RegExp): Locator {
    return this.page.getByRole('dialog', { name: title });
  }

  /** Opens Add root and fills it in; the caller presses Add (the host then asks its user). */
  async fillAddRoot(path: string, windowS?: number): Promise<Locator> {
    await this.addRootButton.click();
    const dialog = this.dialog('Add a bearer root');
    await dialog.getByRole('textbox', { name: 'Path' }).fill(path);
    if (windowS !== undefined) {
      await dialog
        .getByRole('textbox', { name: 'Near-expiry window (seconds)' })
        .fill(String(windowS));
    }
    return dialog;
  }

  async editRoot(path: string): Promise<Locator> {
    await this.page.getByRole('button', { name: `Edit ${path}`, exact: true }).click();
    const dialog = this.dialog('Edit bearer root');
    await expect(dialog).toBeVisible();
    return dialog;
  }

  removeButton(path: string): Locator {
    return this.page.getByRole('button', { name: `Remove ${path}`, exact: true });
  }

  /** A files section's Add button ("Add key file", "Add token file"). */
  addPathButton(noun: 'key file' | 'token file'): Locator {
    return this.page.getByRole('button', { name: `Add ${noun}`, exact: true });
  }

  pathList(list: PathList): Locator {
    return this.page.getByRole('table', { name: list });
  }

  themeChoice(name: 'System' | 'Light' | 'Dark'): Locator {
    return this.theme.getByRole('radio', { name });
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
