/** A write that fails leaves no trace: not on disk, not in what the store reuses next. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { writeFileAtomicSync } from '../fs/atomic-write';
import type * as AtomicWrite from '../fs/atomic-write';
import { ApiKeyStore } from './key-store';

vi.mock('../fs/atomic-write', async (importOriginal) => {
  const real = await importOriginal<typeof AtomicWrite>();
  return { ...real, writeFileAtomicSync: vi.fn(real.writeFileAtomicSync) };
});

function diskFull(): never {
  throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
}

describe('a failed write', () => {
  it('is an environment error naming the file, and the key it was for never appears later', async () => {
    const path = join(makeTempDir(), 'keys.json');
    const store = new ApiKeyStore({ path });
    await store.mint('first');
    const before = readFileSync(path, 'utf8');
    vi.mocked(writeFileAtomicSync).mockImplementationOnce(diskFull);
    const error = await rejectionOf(store.mint('lost'));
    expect(error).toBeInstanceOf(VaultError);
    expect([(error as VaultError).kind, error.message]).toEqual([
      'environment',
      `cannot write ${path}: no space left on device`,
    ]);
    expect(readFileSync(path, 'utf8')).toBe(before);
    await store.mint('third');
    expect(store.list().map((info) => info.name)).toEqual(['first', 'third']);
  });

  it('of last_used leaves the key valid and the file as it was', async () => {
    const path = join(makeTempDir(), 'keys.json');
    const store = new ApiKeyStore({ path });
    const minted = await store.mint('bot');
    const before = readFileSync(path, 'utf8');
    vi.mocked(writeFileAtomicSync).mockImplementationOnce(diskFull);
    const result = await store.validate(minted.key);
    expect(result).toMatchObject({ name: 'bot', recordedUse: false });
    expect(result?.recordError?.message).toBe(`cannot write ${path}: no space left on device`);
    expect(readFileSync(path, 'utf8')).toBe(before);
    await store.revokeByName('nobody').catch(() => undefined);
    await store.mint('other');
    expect(store.list().map((info) => [info.name, info.lastUsed])).toEqual([
      ['bot', null],
      ['other', null],
    ]);
  });
});
