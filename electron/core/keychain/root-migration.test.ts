import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeKeyStore } from '../../../test-support/fake-key-store';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import type { BearerRecord } from '../bearers/bearer-record-reader';
import { openRecord } from './bearer-sealing';
import { MasterKey } from './master-key';
import { isRootEncrypted, readRootId } from './root-id';
import { disableRootEncryption, enableRootEncryption, type BearerRewriter } from './root-migration';

/** Bearers in memory; `dieAt` makes the n-th rewrite fail, as a process killed midway. */
class MemoryRewriter implements BearerRewriter {
  readonly records = new Map<string, BearerRecord>();
  dieAt: number | null = null;
  private rewrites = 0;

  async listIds(): Promise<string[]> {
    return [...this.records.keys()];
  }

  async rewrite(id: string, change: (stored: BearerRecord) => BearerRecord | null): Promise<void> {
    if (++this.rewrites === this.dieAt) throw new Error('killed');
    const next = change(this.records.get(id)!);
    if (next) this.records.set(id, next);
  }
}

function setup(count = 5) {
  const home = makeTempDir();
  const root = join(home, 'bearers');
  mkdirSync(root);
  const rewriter = new MemoryRewriter();
  const originals = new Map<string, BearerRecord>();
  for (let index = 0; index < count; index++) {
    const record = {
      accessToken: markedSecret('access'),
      refreshToken: index % 2 ? '' : markedSecret('refresh'),
      expiresAtUnix: 1_900_000_000 + index,
    };
    originals.set(`bearer-${index}`, record);
    rewriter.records.set(`bearer-${index}`, { ...record });
  }
  const store = new FakeKeyStore();
  return { home, root, rewriter, originals, store, masterKey: () => new MasterKey(home, store) };
}

async function readsBack(setupResult: ReturnType<typeof setup>): Promise<void> {
  const key = await setupResult.masterKey().key();
  const keys = { rootId: readRootId(setupResult.root)!, key, unavailableReason: 'no key' };
  for (const [id, stored] of setupResult.rewriter.records) {
    expect(openRecord(stored, keys, setupResult.root, id)).toMatchObject({
      kind: 'record',
      record: setupResult.originals.get(id),
    });
  }
}

describe('root migration', () => {
  it('encrypts every bearer, reporting N of M, and a second run has nothing left to do', async () => {
    const test = setup();
    const progress: string[] = [];
    const result = await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(result).toEqual({ total: 5, rewritten: 5 });
    expect(progress).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);
    expect(isRootEncrypted(test.root)).toBe(true);
    expect(JSON.stringify([...test.rewriter.records.values()])).not.toContain('LEAKMARK');
    await readsBack(test);
    expect(test.store.entries.size).toBe(1);

    const again = await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    expect(again).toEqual({ total: 5, rewritten: 0 });
  });

  it('leaves every record readable when killed midway, and running again finishes the job', async () => {
    const test = setup();
    test.rewriter.dieAt = 3;
    await expect(
      enableRootEncryption({
        root: test.root,
        masterKey: test.masterKey(),
        rewriter: test.rewriter,
      }),
    ).rejects.toThrow('killed');
    await readsBack(test);
    test.rewriter.dieAt = null;
    const finished = await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    expect(finished).toEqual({ total: 5, rewritten: 3 });
    await readsBack(test);
  });

  it('finishes a bearer killed between its two token files', async () => {
    const test = setup(1);
    await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    // The writer goes refresh, access, expiry: killed after the first file.
    const sealed = test.rewriter.records.get('bearer-0')!;
    test.rewriter.records.set('bearer-0', {
      ...sealed,
      accessToken: test.originals.get('bearer-0')!.accessToken,
    });
    const result = await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    expect(result.rewritten).toBe(1);
    await readsBack(test);
    const keys = {
      rootId: readRootId(test.root)!,
      key: await test.masterKey().key(),
      unavailableReason: '',
    };
    expect(
      openRecord(test.rewriter.records.get('bearer-0')!, keys, test.root, 'bearer-0'),
    ).toMatchObject({ form: 'encrypted' });
  });

  it('turns encryption off, restoring the plain records exactly', async () => {
    const test = setup();
    await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    const result = await disableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    expect(result).toEqual({ total: 5, rewritten: 5 });
    expect(isRootEncrypted(test.root)).toBe(false);
    expect(test.rewriter.records).toEqual(test.originals);
  });

  it('refuses to turn encryption off while the key is locked, rewriting nothing', async () => {
    const test = setup();
    await enableRootEncryption({
      root: test.root,
      masterKey: test.masterKey(),
      rewriter: test.rewriter,
    });
    const before = new Map(test.rewriter.records);
    test.store.locked = true;
    const error = await rejectionOf(
      disableRootEncryption({
        root: test.root,
        masterKey: test.masterKey(),
        rewriter: test.rewriter,
      }),
    );
    expect(error.message).toMatch(
      /^cannot turn encryption off for .* without the master key: .*locked/,
    );
    expect(test.rewriter.records).toEqual(before);
    expect(isRootEncrypted(test.root)).toBe(true);
  });

  it('refuses to turn encryption on when the keychain cannot be reached, touching nothing', async () => {
    const test = setup();
    test.store.failure = new Error('no D-Bus');
    await rejectionOf(
      enableRootEncryption({
        root: test.root,
        masterKey: test.masterKey(),
        rewriter: test.rewriter,
      }),
    );
    expect(isRootEncrypted(test.root)).toBe(false);
    expect(test.rewriter.records).toEqual(test.originals);
  });
});
