/**
 * The bearer store over the keychain layer: sealed on the way in (in a root
 * flagged encrypted), opened on the way out, locked without the key, and
 * nothing asked of the keychain for a plain root.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { LEAK_MARKER, markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { openKeychainLayer } from '../keychain/keychain-layer';
import { setRootEncrypted } from '../keychain/root-id';
import type { RootKeySource } from './bearer-at-rest';
import { BearerStore } from './bearer-store';

const clock = { nowMs: () => 1_800_000_000_000 };

function record() {
  return {
    accessToken: markedSecret('access'),
    refreshToken: markedSecret('refresh'),
    expiresAtUnix: 1_900_000_000,
  };
}

/** Every byte of every file under `dir`, as one string. */
function rawBytesUnder(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'latin1'))
    .join('\n');
}

async function encryptedRoot() {
  const home = makeTempDir();
  const root = join(home, 'bearers');
  mkdirSync(root);
  const keyStore = new FakeKeyStore();
  const layer = openKeychainLayer(home, { keyStore });
  await layer.masterKey.ensure();
  setRootEncrypted(root, true);
  const store = new BearerStore({ root, clock, keys: () => layer.keysForRoot(root) });
  return { home, root, keyStore, layer, store };
}

describe('the bearer store over the keychain layer', () => {
  it('writes no token byte into an encrypted root, and lists, shows and reveals as before', async () => {
    const { root, store } = await encryptedRoot();
    const stored = record();
    const put = await store.put('agent-a', stored);
    expect(put.bearer).toMatchObject({ status: 'ok', storage: 'encrypted' });
    const raw = rawBytesUnder(root);
    expect(raw).not.toContain(LEAK_MARKER);
    expect(readFileSync(join(root, 'agent-a', 'expires_at.json'), 'utf8')).toBe('"1900000000"');
    expect(await store.list()).toEqual([
      expect.objectContaining({ id: 'agent-a', status: 'ok', storage: 'encrypted' }),
    ]);
    expect(await store.reveal('agent-a')).toMatchObject({
      accessToken: stored.accessToken,
      refreshToken: stored.refreshToken,
      storage: 'encrypted',
    });
  });

  it('never asks the keychain about a plain root', async () => {
    const root = join(makeTempDir(), 'bearers');
    let asked = 0;
    const keys: RootKeySource = async () => {
      asked++;
      throw new Error('a plain root must not need the keychain');
    };
    const store = new BearerStore({ root, clock, keys });
    await store.put('agent-a', record());
    await store.list();
    await store.reveal('agent-a');
    expect(asked).toBe(0);
  });

  it('lists encrypted records as locked without the key, serves none, rewrites none and refuses a put', async () => {
    const { home, root, keyStore, store } = await encryptedRoot();
    await store.put('agent-a', record());
    const before = rawBytesUnder(root);
    keyStore.locked = true;
    const layer = openKeychainLayer(home, { keyStore });
    const locked = new BearerStore({ root, clock, keys: () => layer.keysForRoot(root) });

    expect(await locked.list()).toEqual([
      expect.objectContaining({
        id: 'agent-a',
        status: 'locked',
        storage: 'locked',
        expiresAtUnix: null,
        error: expect.stringMatching(/keyring is locked/),
      }),
    ]);
    const reveal = await rejectionOf(locked.reveal('agent-a'));
    expect(reveal).toBeInstanceOf(VaultError);
    expect((reveal as VaultError).kind).toBe('locked');
    const put = await rejectionOf(locked.put('agent-b', record()));
    expect((put as VaultError).kind).toBe('locked');
    expect(put.message).toMatch(/refusing to write bearer "agent-b" into an encrypted root/);
    const overwrite = await rejectionOf(locked.put('agent-a', record()));
    expect((overwrite as VaultError).kind).toBe('locked');
    expect(rawBytesUnder(root)).toBe(before);

    keyStore.locked = false;
    await layer.retry();
    expect(await locked.list()).toEqual([
      expect.objectContaining({ id: 'agent-a', status: 'ok', storage: 'encrypted' }),
    ]);
  });

  it('refuses a token shaped like the encrypted form, in a plain root too', async () => {
    const store = new BearerStore({ root: join(makeTempDir(), 'bearers'), clock });
    const error = await rejectionOf(
      store.put('agent-a', { ...record(), accessToken: '$cv1$AAAA' }),
    );
    expect((error as VaultError).kind).toBe('bad-input');
    expect(error.message).toMatch(/marks Credvault's encrypted form/);
  });

  it('calls a token file copied from another bearer invalid, naming the file, and never serves it', async () => {
    const { root, store } = await encryptedRoot();
    await store.put('agent-a', record());
    await store.put('agent-b', record());
    cpSync(join(root, 'agent-a', 'access_token.json'), join(root, 'agent-b', 'access_token.json'), {
      preserveTimestamps: true,
    });
    const listed = await store.list();
    expect(listed.find((bearer) => bearer.id === 'agent-b')).toMatchObject({
      status: 'invalid',
      storage: 'encrypted',
      error: expect.stringMatching(
        /agent-b\/access_token\.json cannot be decrypted: it was encrypted for another place/,
      ),
    });
    expect(listed.find((bearer) => bearer.id === 'agent-a')).toMatchObject({ status: 'ok' });
    const error = await rejectionOf(store.reveal('agent-b'));
    expect(error.message).toMatch(/encrypted for another place/);
  });
});
