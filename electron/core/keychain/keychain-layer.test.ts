import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { makeTempDir } from '../../../test-support/temp-dir';
import { keychainBackend, openKeychainLayer } from './keychain-layer';
import { ensureRootId } from './root-id';

function rootIn(home: string): string {
  const root = join(home, 'bearers');
  mkdirSync(root, { recursive: true });
  return root;
}

describe('keychain layer', () => {
  it('gives a root its id and the key, and says why there is no key', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    const root = rootIn(home);
    const rootId = ensureRootId(root);
    const layer = openKeychainLayer(home, { keyStore: store });
    expect(await layer.keysForRoot(root)).toEqual({
      rootId,
      key: null,
      unavailableReason: 'the master key is absent',
    });
    const key = await layer.masterKey.ensure();
    expect(await layer.keysForRoot(root)).toMatchObject({ rootId, key });

    store.locked = true;
    const locked = openKeychainLayer(home, { keyStore: store });
    expect(await locked.keysForRoot(root)).toMatchObject({
      key: null,
      unavailableReason: expect.stringMatching(/keyring is locked/),
    });
    store.locked = false;
    expect((await locked.retry()).state).toBe('present');
  });

  it('calls a root without its id file locked, naming the file', async () => {
    const home = makeTempDir();
    const layer = openKeychainLayer(home, { keyStore: new FakeKeyStore() });
    const keys = await layer.keysForRoot(rootIn(home));
    expect(keys.key).toBeNull();
    expect(keys.unavailableReason).toMatch(/bearers\/\.credvault-root\.json is missing/);
  });

  it('names the keychain each platform uses', () => {
    expect(keychainBackend('linux')).toMatch(/^Secret Service/);
    expect(keychainBackend('darwin')).toBe('macOS Keychain');
    expect(keychainBackend('win32')).toBe('Windows Credential Manager');
  });
});
