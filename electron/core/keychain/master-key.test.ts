import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { KeychainError } from './keychain-client';
import { KEYCHAIN_SERVICE, keyFingerprint, readKeychainRecord } from './keychain-record';
import { MasterKey } from './master-key';

describe('MasterKey', () => {
  it('creates one key, records its fingerprint (never the key), and the next session reads it', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    expect(await new MasterKey(home, store).status()).toEqual({ state: 'absent' });

    const key = await new MasterKey(home, store).ensure();
    expect(key).toHaveLength(32);
    const record = readKeychainRecord(home)!;
    expect(record.keyFingerprint).toBe(keyFingerprint(key));
    expect([...store.entries.keys()]).toEqual([`${KEYCHAIN_SERVICE}/${record.vaultId}`]);
    const recordText = readFileSync(join(home, 'keychain.json'), 'utf8');
    expect(recordText).not.toContain(key.toString('base64'));
    expect(recordText).not.toContain(key.toString('hex'));

    const nextSession = new MasterKey(home, store);
    expect(await nextSession.ensure()).toEqual(key);
    expect(await nextSession.status()).toEqual({
      state: 'present',
      fingerprint: keyFingerprint(key),
    });
    expect(store.entries.size).toBe(1);
  });

  it('reads the keychain once per session', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    await new MasterKey(home, store).ensure();
    store.gets = 0;
    const session = new MasterKey(home, store);
    await session.status();
    await session.key();
    await session.ensure();
    expect(store.gets).toBe(1);
  });

  it('calls a recorded key that the keychain does not return locked, and never creates a second one', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    await new MasterKey(home, store).ensure();
    const recordBefore = readFileSync(join(home, 'keychain.json'), 'utf8');
    store.locked = true;
    store.sets = 0;

    const session = new MasterKey(home, store);
    const status = await session.status();
    expect(status.state).toBe('locked');
    expect(status).toMatchObject({ reason: expect.stringMatching(/keyring is locked/) });
    expect(await session.key()).toBeNull();
    const error = await rejectionOf(session.ensure());
    expect(error.message).toMatch(/^the master key is locked: /);
    expect(store.sets).toBe(0);
    expect(store.entries.size).toBe(1);
    expect(readFileSync(join(home, 'keychain.json'), 'utf8')).toBe(recordBefore);
  });

  it('reads the key again on retry, after the keyring is unlocked', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    const key = await new MasterKey(home, store).ensure();
    store.locked = true;
    const session = new MasterKey(home, store);
    expect((await session.status()).state).toBe('locked');
    store.locked = false;
    expect((await session.status()).state).toBe('locked'); // still the first reading
    expect((await session.retry()).state).toBe('present');
    expect(await session.key()).toEqual(key);
  });

  it('calls a key whose fingerprint differs from the record locked', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    await new MasterKey(home, store).ensure();
    const [account] = store.entries.keys();
    store.entries.set(account!, Buffer.alloc(32, 7).toString('base64'));
    const status = await new MasterKey(home, store).status();
    expect(status).toMatchObject({
      state: 'locked',
      reason: expect.stringMatching(/does not match the fingerprint/),
    });
  });

  it('counts a keychain that times out with a key recorded as locked', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    await new MasterKey(home, store).ensure();
    store.failure = new KeychainError(
      'timeout',
      'reading the key failed: no answer within 5000 ms',
    );
    expect((await new MasterKey(home, store).status()).state).toBe('locked');
  });

  it('reports a keychain that cannot be reached as unavailable, with the reason', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    store.failure = new KeychainError(
      'refused',
      'reading the key failed: the OS keychain refused: Cannot autolaunch D-Bus',
    );
    const session = new MasterKey(home, store);
    expect(await session.status()).toEqual({
      state: 'unavailable',
      reason: 'reading the key failed: the OS keychain refused: Cannot autolaunch D-Bus',
    });
    const error = await rejectionOf(session.ensure());
    expect(error.message).toMatch(/^the master key is unavailable: .*D-Bus/);
    expect(readKeychainRecord(home)).toBeNull();
  });

  it('finishes a creation that died before recording the fingerprint, reusing its vault id', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    const vaultId = 'a'.repeat(32);
    writeFileSync(
      join(home, 'keychain.json'),
      JSON.stringify({ version: 1, vaultId, keyFingerprint: null }),
    );
    expect((await new MasterKey(home, store).status()).state).toBe('absent');
    const key = await new MasterKey(home, store).ensure();
    expect([...store.entries.keys()]).toEqual([`${KEYCHAIN_SERVICE}/${vaultId}`]);
    expect(readKeychainRecord(home)).toEqual({
      version: 1,
      vaultId,
      keyFingerprint: keyFingerprint(key),
    });
  });

  it('adopts the key a creation stored before dying', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    const vaultId = 'b'.repeat(32);
    const key = Buffer.alloc(32, 9);
    store.entries.set(`${KEYCHAIN_SERVICE}/${vaultId}`, key.toString('base64'));
    writeFileSync(
      join(home, 'keychain.json'),
      JSON.stringify({ version: 1, vaultId, keyFingerprint: null }),
    );
    expect(await new MasterKey(home, store).ensure()).toEqual(key);
    expect(readKeychainRecord(home)?.keyFingerprint).toBe(keyFingerprint(key));
  });

  it('refuses to create a key over a damaged record', async () => {
    const home = makeTempDir();
    const store = new FakeKeyStore();
    writeFileSync(join(home, 'keychain.json'), '{"version": 2}');
    const session = new MasterKey(home, store);
    expect(await session.status()).toMatchObject({
      state: 'unavailable',
      reason: expect.stringMatching(/keychain\.json is damaged/),
    });
    await rejectionOf(session.ensure());
    expect(store.sets).toBe(0);
  });
});
