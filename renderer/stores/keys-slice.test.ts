import { beforeEach, describe, expect, it } from 'vitest';
import { ContractError } from '@shared/contract';
import { FakeVaultClient, fakeDeps } from '../test-support/fake-vault-client';
import { stateText } from '../test-support/state-text';
import { createAppStore, type AppStore } from './app-store';
import { connectEvents } from './connect-events';
import { keysMatching, type KeyInfo } from './keys-slice';

const VAULT_FILE = '/home/dev/.credvault/keys.json';
const OTHER_FILE = '/srv/api/keys.json';
// Marked like every test secret (test-support/leak-marker.ts), written out:
// the renderer's tests see no Node built-ins.
const minted = 'cv_minted-LEAKMARK-7d2e';

function info(name: string, hashHex: string): KeyInfo {
  return {
    name,
    hashHex,
    createdAt: '2026-11-02T10:00:00.000Z',
    lastUsed: null,
    error: null,
  };
}

describe('the keys slice', () => {
  let client: FakeVaultClient;
  let store: AppStore;
  let clipboard: string[];
  let files: Map<string, KeyInfo[]>;

  beforeEach(() => {
    files = new Map([
      [VAULT_FILE, [info('ci', 'a'.repeat(64))]],
      [OTHER_FILE, []],
    ]);
    const fileOf = (request: { file?: string }) => request.file ?? VAULT_FILE;
    client = new FakeVaultClient({
      'credvault:keys.list': (request) => ({
        file: fileOf(request),
        exists: true,
        keys: [...(files.get(fileOf(request)) ?? [])],
      }),
      'credvault:keys.mint': (request) => {
        const file = fileOf(request);
        files.get(file)?.push(info(request.name, 'b'.repeat(64)));
        return {
          file,
          createdFile: false,
          name: request.name,
          key: minted,
          hashHex: 'b'.repeat(64),
          createdAt: '2026-11-02T11:00:00.000Z',
        };
      },
      'credvault:keys.revoke': (request) => {
        const file = fileOf(request);
        const gone = (files.get(file) ?? []).filter((key) =>
          'name' in request
            ? key.name === request.name
            : key.hashHex.startsWith(request.hashPrefix),
        );
        files.set(
          file,
          (files.get(file) ?? []).filter((key) => !gone.includes(key)),
        );
        return { file, revoked: gone };
      },
    });
    const fake = fakeDeps(client);
    clipboard = fake.clipboard;
    store = createAppStore(fake.deps);
  });

  it("lists the vault's own key file without naming a file (the page may not name others)", async () => {
    await store.getState().loadKeys();
    expect(client.callsTo('credvault:keys.list')).toEqual([{}]);
    expect(store.getState().keys.list?.file).toBe(VAULT_FILE);
    expect(store.getState().keys.list?.keys.map((key) => key.name)).toEqual(['ci']);
  });

  it('hands a minted key to the caller and keeps it nowhere in the store, even after a copy', async () => {
    await store.getState().loadKeys();
    const answer = await store.getState().mintKey('deploy');
    expect(answer.key).toBe(minted);
    await store.getState().copyMintedKey(answer.key);
    expect(clipboard).toEqual([minted]);
    // The list is read again and shows the new key's metadata, not the key.
    await expect.poll(() => store.getState().keys.list?.keys.length).toBe(2);
    expect(stateText(store.getState())).not.toContain(minted);
  });

  it('mints and revokes in the chosen key file', async () => {
    await store.getState().chooseKeyFile(OTHER_FILE);
    await store.getState().mintKey('svc');
    await store.getState().revokeKeys({ name: 'svc' });
    expect(client.callsTo('credvault:keys.mint')).toEqual([{ file: OTHER_FILE, name: 'svc' }]);
    expect(client.callsTo('credvault:keys.revoke')).toEqual([{ file: OTHER_FILE, name: 'svc' }]);
    await expect.poll(() => store.getState().keys.list?.keys).toEqual([]);
  });

  it('reads again when the shown file changes, and not for another file', async () => {
    await store.getState().loadKeys();
    files.get(VAULT_FILE)?.push(info('from-cli', 'c'.repeat(64)));
    store.getState().keysChanged({ file: OTHER_FILE });
    expect(client.callsTo('credvault:keys.list')).toHaveLength(1);
    connectEvents(client, store);
    client.emit('credvault:keys.changed', { file: VAULT_FILE });
    await expect
      .poll(() => store.getState().keys.list?.keys.map((key) => key.name))
      .toEqual(['ci', 'from-cli']);
  });

  it('keeps the list of the file now chosen when an older answer arrives late', async () => {
    let answerVaultFile: () => void = () => undefined;
    const slowFirst = client.handlers['credvault:keys.list'];
    client.handlers['credvault:keys.list'] = (request) =>
      request.file === undefined
        ? new Promise((resolve) => {
            answerVaultFile = () => resolve(slowFirst!(request));
          })
        : slowFirst!(request);
    const first = store.getState().loadKeys();
    await store.getState().chooseKeyFile(OTHER_FILE);
    answerVaultFile();
    await first;
    expect(store.getState().keys.list?.file).toBe(OTHER_FILE);
  });

  it("shows a failed list in the vault's words", async () => {
    client.handlers['credvault:keys.list'] = () => {
      throw new ContractError({
        kind: 'bad-input',
        message: 'not a configured key file',
        input: null,
      });
    };
    await store.getState().loadKeys();
    expect(store.getState().keys.error).toBe('not a configured key file');
  });

  it('counts the keys a revoke removes: every key of a name, or the one key of a hash', () => {
    const keys = [
      info('ci', 'ab'.repeat(32)),
      info('ci', 'cd'.repeat(32)),
      info('web', 'ef'.repeat(32)),
    ];
    expect(keysMatching(keys, { name: 'ci' })).toBe(2);
    expect(keysMatching(keys, { hashPrefix: 'CDCDCDCD' })).toBe(1);
    expect(keysMatching(keys, { name: 'gone' })).toBe(0);
  });
});
