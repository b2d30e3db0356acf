import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault } from './create-vault';
import { makeTempDir } from '../../test-support/temp-dir';

describe('the vault', () => {
  it('removing a bearer forgets its provider link, so a new bearer of that id starts unlinked', async () => {
    const vault = createVault({ home: makeTempDir() });
    const store = vault.bearerStore();
    await store.put('agent-A', { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 });
    await vault.oauth.links.set(store.root, 'agent-A', 'acme');
    expect(vault.oauth.links.get(store.root, 'agent-A')).toBe('acme');
    await vault.removeBearer(store, 'agent-A');
    expect(vault.oauth.links.get(store.root, 'agent-A')).toBeNull();
  });

  it('a key file the user names must exist; only the default one may be absent', () => {
    const vault = createVault({ home: makeTempDir() });
    expect(vault.keyStore().list()).toEqual([]);
    const named = join(makeTempDir(), 'typo.json');
    expect(() => vault.keyStore({ file: named }).list()).toThrowError(
      `key file ${named} does not exist`,
    );
  });

  it('a bad HTTP timeout setting only fails commands that need OAuth', () => {
    const vault = createVault({ home: makeTempDir(), env: { CREDVAULT_HTTP_TIMEOUT_MS: 'soon' } });
    expect(vault.bearerStore().root).toBe(vault.paths.defaultBearerRoot);
    expect(() => vault.oauth).toThrowError(/CREDVAULT_HTTP_TIMEOUT_MS must be a whole number/);
  });
});
