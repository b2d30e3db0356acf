import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { settingsSchema } from '@shared/schemas/settings';
import { FakeVaultClient, fakeDeps, ROOT } from '../test-support/fake-vault-client';
import type { Settings } from './app-info-slice';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';
import { withoutPath, withPath } from './settings-slice';

const OTHER_ROOT = '/srv/app/bearers';
const KEY_FILE = '/srv/api/keys.json';
const TOKEN_FILE = '/home/dev/project/.auth_token';

const REFUSED =
  'adding a bearer root from the page needs your approval in the terminal running credvault ui ' +
  "(or the desktop app's dialog); it was refused";

describe('the settings slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  /** The settings as the vault has them (a test may change them behind the page's back). */
  let vault: Settings;

  beforeEach(async () => {
    vault = settingsSchema.parse({ roots: [{ path: ROOT }] });
    const answer = (next: Settings) => {
      vault = next;
      return next;
    };
    client = new FakeVaultClient({
      'credvault:app.info': () => ({
        version: '1.0.0',
        home: '/home/dev/.credvault',
        mode: 'browser',
      }),
      'credvault:settings.get': () => vault,
      'credvault:settings.update': (patch) =>
        answer({
          ...vault,
          ...(patch.keyFiles === undefined ? {} : { keyFiles: patch.keyFiles }),
          ...(patch.tokenFiles === undefined ? {} : { tokenFiles: patch.tokenFiles }),
          ...(patch.theme === undefined ? {} : { theme: patch.theme }),
          notifications: { ...vault.notifications, ...patch.notifications },
          clipboard: { ...vault.clipboard, ...patch.clipboard },
          app: { ...vault.app, ...patch.app },
        }),
      'credvault:settings.addRoot': (request) =>
        answer({
          ...vault,
          roots: [
            ...vault.roots,
            {
              path: request.path,
              windowS: request.windowS ?? 300,
              shared: request.shared ?? false,
              keepFresh: false,
              encrypted: false,
            },
          ],
        }),
      'credvault:settings.updateRoot': ({ path, ...change }) =>
        answer({
          ...vault,
          roots: vault.roots.map((root) => (root.path === path ? { ...root, ...change } : root)),
        }),
      'credvault:settings.removeRoot': ({ path }) => {
        if (path === ROOT) {
          throw new ContractError({
            kind: 'bad-input',
            message: `${ROOT} is the vault's default bearer root, which cannot be removed`,
            input: null,
          });
        }
        return answer({ ...vault, roots: vault.roots.filter((root) => root.path !== path) });
      },
    });
    store = createAppStore(fakeDeps(client).deps);
    await store.getState().loadAppInfo();
  });

  it('applies each answer at once: the theme the shell reads changes without waiting for the event', async () => {
    expect(store.getState().app.theme).toBe('system');
    await store.getState().updateSettings({ theme: 'dark' });
    expect(client.callsTo('credvault:settings.update')).toEqual([{ theme: 'dark' }]);
    expect(store.getState().app.theme).toBe('dark');
    expect(store.getState().app.settings?.theme).toBe('dark');

    await store.getState().updateSettings({ clipboard: { clearAfterS: 0 } });
    expect(store.getState().app.settings?.clipboard.clearAfterS).toBe(0);
    expect(store.getState().app.settings?.theme).toBe('dark');
  });

  it('adds a root, changes its window and removes it, one call each', async () => {
    await store.getState().addRoot({ path: OTHER_ROOT, windowS: 600 });
    expect(store.getState().app.roots.map((root) => root.path)).toEqual([ROOT, OTHER_ROOT]);

    await store.getState().updateRoot({ path: OTHER_ROOT, windowS: 900, keepFresh: true });
    expect(client.callsTo('credvault:settings.updateRoot')).toEqual([
      { path: OTHER_ROOT, windowS: 900, keepFresh: true },
    ]);
    expect(store.getState().app.roots[1]).toMatchObject({ windowS: 900, keepFresh: true });

    await store.getState().removeRoot(OTHER_ROOT);
    expect(client.callsTo('credvault:settings.removeRoot')).toEqual([{ path: OTHER_ROOT }]);
    expect(store.getState().app.roots.map((root) => root.path)).toEqual([ROOT]);
  });

  it("leaves the settings as they were when the vault refuses, with the vault's words", async () => {
    const before = store.getState().app.settings;
    client.handlers['credvault:settings.addRoot'] = () => {
      throw new ContractError({ kind: 'forbidden', message: REFUSED, input: null });
    };
    await expect(store.getState().addRoot({ path: OTHER_ROOT })).rejects.toThrow(REFUSED);
    await expect(store.getState().removeRoot(ROOT)).rejects.toThrow(/cannot be removed/);
    expect(store.getState().app.settings).toBe(before);
  });

  it('adds a key file to the list the vault has now, keeping one another window added', async () => {
    // Another window added a key file; this page has not heard of it yet.
    vault = { ...vault, keyFiles: ['/srv/other/keys.json'] };
    await store.getState().addListedPath('keyFiles', KEY_FILE);
    expect(client.callsTo('credvault:settings.update')).toEqual([
      { keyFiles: ['/srv/other/keys.json', KEY_FILE] },
    ]);
    expect(store.getState().app.keyFiles).toEqual(['/srv/other/keys.json', KEY_FILE]);
  });

  it('removes a token file from the settings only, and names a file listed twice or not at all', async () => {
    await store.getState().addListedPath('tokenFiles', TOKEN_FILE);
    await expect(store.getState().addListedPath('tokenFiles', TOKEN_FILE)).rejects.toThrow(
      `${TOKEN_FILE} is already a configured workspace token file`,
    );
    await store.getState().removeListedPath('tokenFiles', TOKEN_FILE);
    expect(client.callsTo('credvault:settings.update')).toEqual([
      { tokenFiles: [TOKEN_FILE] },
      { tokenFiles: [] },
    ]);
    await expect(store.getState().removeListedPath('tokenFiles', TOKEN_FILE)).rejects.toThrow(
      `${TOKEN_FILE} is not a configured workspace token file`,
    );
    expect(store.getState().app.settings?.tokenFiles).toEqual([]);
  });

  it('follows settings changed elsewhere (another window, the CLI)', async () => {
    connectEvents(client, store);
    client.emit('credvault:settings.changed', { ...vault, theme: 'light', keyFiles: [KEY_FILE] });
    expect(store.getState().app.theme).toBe('light');
    expect(store.getState().app.keyFiles).toEqual([KEY_FILE]);
  });
});

describe('the path lists', () => {
  it('append a path once and remove one that is there', () => {
    expect(withPath('keyFiles', ['/a'], '/b')).toEqual(['/a', '/b']);
    expect(() => withPath('keyFiles', ['/a'], '/a')).toThrow('/a is already a configured key file');
    expect(withoutPath('keyFiles', ['/a', '/b'], '/a')).toEqual(['/b']);
    expect(() => withoutPath('keyFiles', [], '/a')).toThrow('/a is not a configured key file');
  });
});
