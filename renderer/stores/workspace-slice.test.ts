import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { settingsSchema } from '@shared/schemas/settings';
import { FakeVaultClient, fakeDeps } from '../test-support/fake-vault-client';
import { stateText } from '../test-support/state-text';
import { createAppStore, type AppStore } from './app-store';

const PROJECT = '/home/dev/project/.auth_token';
const OTHER = '/srv/app/.auth_token';
// Marked like every test secret (test-support/leak-marker.ts), written out:
// the renderer's tests see no Node built-ins.
const stored = 'ws-token-LEAKMARK-41c9';

describe('the workspace slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let clipboard: string[];
  let tokenFiles: string[];
  let tokens: Map<string, string>;

  beforeEach(() => {
    tokenFiles = [PROJECT];
    tokens = new Map([[PROJECT, stored]]);
    const settings = () => settingsSchema.parse({ tokenFiles });
    client = new FakeVaultClient({
      'credvault:workspace.list': () => ({
        files: tokenFiles.map((path) => ({ path, present: tokens.has(path), error: null })),
      }),
      'credvault:workspace.reveal': ({ path }) => ({ path, token: tokens.get(path) ?? null }),
      'credvault:workspace.set': ({ path, token }) => {
        // The core's rule, as auth-token-file.ts words it.
        const stripped = token.trim();
        if (stripped === '') {
          throw new ContractError({
            kind: 'bad-input',
            message: `refusing to save an empty token to ${path}`,
            input: null,
          });
        }
        const written = tokens.get(path) !== stripped;
        tokens.set(path, stripped);
        return { path, written };
      },
      'credvault:settings.get': () => settings(),
      'credvault:settings.update': (patch) => {
        tokenFiles = [...(patch.tokenFiles ?? tokenFiles)];
        return settings();
      },
    });
    const fake = fakeDeps(client);
    clipboard = fake.clipboard;
    store = createAppStore(fake.deps);
  });

  it('lists the configured files, saying only whether each holds a token', async () => {
    tokenFiles = [PROJECT, OTHER];
    await store.getState().loadTokenFiles();
    expect(store.getState().workspace.files).toEqual([
      { path: PROJECT, present: true, error: null },
      { path: OTHER, present: false, error: null },
    ]);
    expect(stateText(store.getState())).not.toContain(stored);
  });

  it('hands a revealed token to the caller and keeps it nowhere in the store, even after a copy', async () => {
    await store.getState().loadTokenFiles();
    const token = await store.getState().revealTokenFile(PROJECT);
    expect(token).toBe(stored);
    await store.getState().copyTokenFileToken(token!);
    expect(clipboard).toEqual([stored]);
    expect(client.callsTo('credvault:workspace.reveal')).toEqual([{ path: PROJECT }]);
    expect(stateText(store.getState())).not.toContain(stored);
  });

  it('reveals null for a file with no token', async () => {
    expect(await store.getState().revealTokenFile(OTHER)).toBeNull();
  });

  it('sends a pasted token as typed (the vault strips it), says whether it was written, and reads the list again', async () => {
    tokenFiles = [PROJECT, OTHER];
    await store.getState().loadTokenFiles();
    const pasted = '  new-token-LEAKMARK-0b7e\n';
    expect(await store.getState().setTokenFile(OTHER, pasted)).toBe(true);
    expect(client.callsTo('credvault:workspace.set')).toEqual([{ path: OTHER, token: pasted }]);
    expect(store.getState().workspace.files?.find((file) => file.path === OTHER)?.present).toBe(
      true,
    );
    // The same token again: nothing written, and the caller is told so.
    expect(await store.getState().setTokenFile(OTHER, 'new-token-LEAKMARK-0b7e')).toBe(false);
    expect(stateText(store.getState())).not.toContain('new-token-LEAKMARK-0b7e');
  });

  it("passes on the vault's refusal of an empty token, and the list is unchanged", async () => {
    await store.getState().loadTokenFiles();
    const before = store.getState().workspace.files;
    await expect(store.getState().setTokenFile(PROJECT, ' \t ')).rejects.toThrow(
      `refusing to save an empty token to ${PROJECT}`,
    );
    expect(tokens.get(PROJECT)).toBe(stored);
    expect(store.getState().workspace.files).toBe(before);
  });

  it('adds a path to the settings as the vault has them now, and lists it', async () => {
    await store.getState().loadTokenFiles();
    // Changed elsewhere (the Settings view, another page) since this page read them.
    tokenFiles = [PROJECT, '/elsewhere/.auth_token'];
    await store.getState().addTokenFile(OTHER);
    expect(client.callsTo('credvault:settings.update')).toEqual([
      { tokenFiles: [PROJECT, '/elsewhere/.auth_token', OTHER] },
    ]);
    expect(store.getState().app.settings?.tokenFiles).toEqual(tokenFiles);
    expect(store.getState().workspace.files?.map((file) => file.path)).toEqual(tokenFiles);
  });

  it('does not list a path twice', async () => {
    await expect(store.getState().addTokenFile(PROJECT)).rejects.toThrow(
      `${PROJECT} is already a configured workspace token file`,
    );
    expect(client.callsTo('credvault:settings.update')).toEqual([]);
  });

  it('removes a path from the settings only (no call touches the file)', async () => {
    tokenFiles = [PROJECT, OTHER];
    await store.getState().removeTokenFile(PROJECT);
    expect(client.callsTo('credvault:settings.update')).toEqual([{ tokenFiles: [OTHER] }]);
    expect(client.callsTo('credvault:workspace.set')).toEqual([]);
    expect(store.getState().workspace.files?.map((file) => file.path)).toEqual([OTHER]);
    expect(tokens.get(PROJECT)).toBe(stored);
  });

  it("passes on the host's refusal to add a path, and the settings stay", async () => {
    client.handlers['credvault:settings.update'] = () => {
      throw new ContractError({
        kind: 'forbidden',
        message: 'adding a workspace token file from the page needs your approval; it was refused',
        input: null,
      });
    };
    await expect(store.getState().addTokenFile(OTHER)).rejects.toThrow(/it was refused/);
    expect(tokenFiles).toEqual([PROJECT]);
  });

  it("shows a failed list in the vault's words, and keeps the newest list when answers cross", async () => {
    client.handlers['credvault:workspace.list'] = () => {
      throw new ContractError({
        kind: 'environment',
        message: 'settings.json: EACCES',
        input: null,
      });
    };
    await store.getState().loadTokenFiles();
    expect(store.getState().workspace.error).toBe('settings.json: EACCES');

    let answerFirst: () => void = () => undefined;
    const files = (paths: string[]) => ({
      files: paths.map((path) => ({ path, present: false, error: null })),
    });
    client.handlers['credvault:workspace.list'] = () =>
      new Promise((resolve) => {
        answerFirst = () => resolve(files([PROJECT]));
      });
    const first = store.getState().loadTokenFiles();
    client.handlers['credvault:workspace.list'] = () => files([PROJECT, OTHER]);
    await store.getState().loadTokenFiles();
    answerFirst();
    await first;
    expect(store.getState().workspace.files?.map((file) => file.path)).toEqual([PROJECT, OTHER]);
    expect(store.getState().workspace.error).toBeNull();
  });
});
