/** last_used: written at most once a minute per key, judged by the file, not by memory. */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { SEED_KEYS_JSON, seedKeysPlain } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { readKeyFile, findEntryByHash, writeKeyFile } from './key-file';
import { hashApiKey } from './key-material';
import { ApiKeyStore } from './key-store';
import { formatKeyTime } from './key-time';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0, 0);

function setup() {
  const path = join(makeTempDir(), 'keys.json');
  copyFileSync(SEED_KEYS_JSON, path);
  const clock = { now: T0, nowMs: () => clock.now };
  const lastUsedOf = (key: string) =>
    findEntryByHash(readKeyFile(path)!, hashApiKey(key))?.lastUsed;
  return { path, clock, lastUsedOf, deploy: seedKeysPlain()[0]! };
}

/** Takes the store's lock and keeps it until `release()`. */
async function holdLock(
  store: ApiKeyStore,
): Promise<{ release: () => void; holding: Promise<void> }> {
  let release!: () => void;
  let held!: () => void;
  const lockHeld = new Promise<void>((resolve) => (held = resolve));
  const holding = store.withLock(() => {
    held();
    return new Promise<void>((resolve) => (release = resolve));
  });
  await lockHeld;
  return { release, holding };
}

describe('last_used', () => {
  it('is written at the first use, not again within 60 s, and again at 60 s', async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    const store = new ApiKeyStore({ path, clock });
    expect(await store.validate(deploy)).toMatchObject({
      name: 'deploy-bot',
      recordedUse: true,
      recordError: null,
    });
    expect(lastUsedOf(deploy)).toBe('2026-11-24T09:00:00.000000000+00:00');
    const written = readFileSync(path, 'utf8');

    clock.now = T0 + 59_999;
    expect(await store.validate(deploy)).toMatchObject({ name: 'deploy-bot', recordedUse: false });
    expect(readFileSync(path, 'utf8')).toBe(written);

    clock.now = T0 + 60_000;
    expect(await store.validate(deploy)).toMatchObject({ recordedUse: true });
    expect(lastUsedOf(deploy)).toBe('2026-11-24T09:01:00.000000000+00:00');
  });

  it('is per key: using one key does not delay recording another', async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    const store = new ApiKeyStore({ path, clock });
    const ci = seedKeysPlain()[1]!;
    await store.validate(deploy);
    clock.now = T0 + 1000;
    expect((await store.validate(ci))?.recordedUse).toBe(true);
    expect(lastUsedOf(ci)).toBe(formatKeyTime(T0 + 1000));
    expect(lastUsedOf(seedKeysPlain()[2]!)).toBeNull();
  });

  it("is judged from the file, so another process's recent write counts", async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    await new ApiKeyStore({ path, clock }).validate(deploy);
    clock.now = T0 + 30_000;
    // A fresh store has no memory of the first use: as another process would be.
    expect((await new ApiKeyStore({ path, clock }).validate(deploy))?.recordedUse).toBe(false);
    expect(lastUsedOf(deploy)).toBe(formatKeyTime(T0));
  });

  it('is checked again under the lock: a write made while we waited for it wins', async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    const { release, holding } = await holdLock(new ApiKeyStore({ path, clock }));
    // Reads last_used = null now, then waits for the lock.
    const pending = new ApiKeyStore({ path, clock }).validate(deploy);
    const file = readKeyFile(path)!;
    findEntryByHash(file, hashApiKey(deploy))!.raw.set('last_used', formatKeyTime(T0 - 5000));
    writeKeyFile(path, file);
    release();
    await holding;
    expect(await pending).toMatchObject({ name: 'deploy-bot', recordedUse: false });
    expect(lastUsedOf(deploy)).toBe(formatKeyTime(T0 - 5000));
  });

  it('treats a key revoked while we waited for the lock as invalid', async () => {
    const { path, clock, deploy } = setup();
    const { release, holding } = await holdLock(new ApiKeyStore({ path, clock }));
    const pending = new ApiKeyStore({ path, clock }).validate(deploy);
    const file = readKeyFile(path)!;
    file.root.set(
      'keys',
      file.entries.filter((raw) => raw !== findEntryByHash(file, hashApiKey(deploy))!.raw),
    );
    writeKeyFile(path, file);
    release();
    await holding;
    expect(await pending).toBeNull();
  });

  it('corrects a time more than a minute in the future, left by a wrong clock', async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    await new ApiKeyStore({ path, clock: { nowMs: () => T0 + 3_600_000 } }).validate(deploy);
    expect((await new ApiKeyStore({ path, clock }).validate(deploy))?.recordedUse).toBe(true);
    expect(lastUsedOf(deploy)).toBe(formatKeyTime(T0));
  });

  it('still answers "valid" when the use cannot be recorded, and says why', async () => {
    const { path, clock, lastUsedOf, deploy } = setup();
    const { release, holding } = await holdLock(new ApiKeyStore({ path, clock }));
    const result = await new ApiKeyStore({ path, clock, lock: { timeoutMs: 200 } }).validate(
      deploy,
    );
    release();
    await holding;
    expect(result).toMatchObject({ name: 'deploy-bot', recordedUse: false });
    expect(result?.recordError?.kind).toBe('environment');
    expect(result?.recordError?.message).toMatch(
      /timed out after 0\.2 s waiting for the lock .*\.keys\.json\.lock/,
    );
    expect(lastUsedOf(deploy)).toBeNull();
  });
});

describe('the lock', () => {
  it('makes a mint wait for the holder, and fail as an environment error after its timeout, writing nothing', async () => {
    const { path, clock } = setup();
    const { release, holding } = await holdLock(new ApiKeyStore({ path, clock }));
    const error = await rejectionOf(
      new ApiKeyStore({ path, clock, lock: { timeoutMs: 150 } }).mint('late'),
    );
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('environment');
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(SEED_KEYS_JSON, 'utf8'));
    const waiting = new ApiKeyStore({ path, clock }).mint('patient');
    setTimeout(release, 100);
    await holding;
    expect((await waiting).name).toBe('patient');
    expect(new ApiKeyStore({ path }).list().map((info) => info.name)).toEqual([
      'ci-bot',
      'ci-bot',
      'deploy-bot',
      'patient',
    ]);
  });
});
