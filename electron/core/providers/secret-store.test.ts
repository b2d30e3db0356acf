/**
 * The vault's own secrets under the keychain layer (a fake KeyStore): plain
 * while the vault has no master key, encrypted once it has one, both forms
 * read, and with the key locked a clear `locked` error, never plain text.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { VaultError } from '../errors';
import { openKeychainLayer } from '../keychain/keychain-layer';
import { FileSecretStore } from './secret-store';

function vault(keyStore = new FakeKeyStore(), home = makeTempDir()) {
  const layer = openKeychainLayer(home, { keyStore });
  const dir = join(home, 'secrets');
  const store = new FileSecretStore(dir, layer.secretKeys);
  const raw = (key: string) => readFileSync(join(dir, `${key}.secret.json`), 'utf8');
  return { home, keyStore, layer, dir, store, raw };
}

describe('file secret store under the keychain layer', () => {
  it('stays plain and never asks the keychain while the vault has no master key', async () => {
    const { keyStore, store, raw } = vault();
    const secret = markedSecret('client');
    await store.write('provider-acme', secret);
    expect(JSON.parse(raw('provider-acme'))).toEqual({ version: 1, secret });
    expect(await store.read('provider-acme')).toBe(secret);
    expect(await store.seal('provider-acme')).toBe(false);
    expect(keyStore.gets + keyStore.sets).toBe(0);
  });

  it('encrypts new secrets once a key exists, reads both forms, and seals a plain one in place', async () => {
    const { layer, store, raw } = vault();
    const old = markedSecret('old');
    await store.write('provider-old', old);
    await layer.masterKey.ensure();

    const fresh = markedSecret('new');
    await store.write('provider-new', fresh);
    expect(raw('provider-new')).not.toContain('LEAKMARK');
    expect(JSON.parse(raw('provider-new')).secret).toMatch(/^\$cv1\$/);
    expect(await store.read('provider-new')).toBe(fresh);
    expect(await store.read('provider-old')).toBe(old);

    expect(await store.seal('provider-old')).toBe(true);
    expect(raw('provider-old')).not.toContain('LEAKMARK');
    expect(await store.read('provider-old')).toBe(old);
    expect(await store.seal('provider-old')).toBe(false);
    expect(await store.seal('provider-gone')).toBe(false);
  });

  it('with the key locked: an encrypted secret is a locked error, a write is refused, nothing turns plain', async () => {
    const keyStore = new FakeKeyStore();
    const { home, layer, store, raw } = vault(keyStore);
    const plain = markedSecret('plain');
    await store.write('provider-plain', plain);
    await layer.masterKey.ensure();
    await store.write('provider-acme', markedSecret('sealed'));
    const sealedBytes = raw('provider-acme');

    keyStore.locked = true;
    const locked = vault(keyStore, home);
    const readError = (await rejectionOf(locked.store.read('provider-acme'))) as VaultError;
    expect(readError.kind).toBe('locked');
    expect(readError.message).toMatch(
      /provider-acme\.secret\.json is encrypted.*keyring is locked/,
    );
    const writeError = (await rejectionOf(
      locked.store.write('provider-acme', markedSecret('replacement')),
    )) as VaultError;
    expect(writeError.kind).toBe('locked');
    expect(writeError.message).toMatch(/refusing to write .* in plain text/);
    expect(raw('provider-acme')).toBe(sealedBytes);
    await expect(locked.store.write('provider-other', markedSecret())).rejects.toMatchObject({
      kind: 'locked',
    });
    // A secret still plain from before the key reads as it is; sealing it waits for the key.
    expect(await locked.store.read('provider-plain')).toBe(plain);
    await expect(locked.store.seal('provider-plain')).rejects.toMatchObject({ kind: 'locked' });

    keyStore.locked = false;
    expect((await locked.layer.retry()).state).toBe('present');
    expect(await locked.store.seal('provider-plain')).toBe(true);
    expect(await locked.store.read('provider-plain')).toBe(plain);
  });

  it('refuses a secret file copied under another name, and a store opened without the layer', async () => {
    const { home, layer, dir, store } = vault();
    await layer.masterKey.ensure();
    await store.write('provider-acme', markedSecret());
    copyFileSync(join(dir, 'provider-acme.secret.json'), join(dir, 'provider-evil.secret.json'));
    const moved = (await rejectionOf(store.read('provider-evil'))) as VaultError;
    expect(moved.message).toMatch(/provider-evil\.secret\.json cannot be decrypted.*another place/);

    const withoutLayer = new FileSecretStore(join(home, 'secrets'));
    await expect(withoutLayer.read('provider-acme')).rejects.toMatchObject({ kind: 'locked' });
  });

  it('refuses a value that starts like the encrypted form', async () => {
    const { store } = vault();
    await expect(store.write('provider-acme', '$cv1$abc')).rejects.toMatchObject({
      kind: 'bad-input',
    });
  });
});
