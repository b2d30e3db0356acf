/**
 * Keychain layer figures: listing 10,000 encrypted bearers next to the same
 * 10,000 in plain text (a cold in-process list each time: every file read,
 * every token decrypted), and the migration rate (bearers per second turned
 * on, each rewritten under its lock with fsynced atomic writes). The master
 * key comes from an in-memory KeyStore: the keychain is asked once per
 * session, so its own latency is not what these figures measure.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { BearerStore } from '../../electron/core/bearers/bearer-store';
import type { KeyStore } from '../../electron/core/keychain/key-store';
import { openKeychainLayer } from '../../electron/core/keychain/keychain-layer';
import {
  disableRootEncryption,
  enableRootEncryption,
} from '../../electron/core/keychain/root-migration';
import { bearerStoreRewriter } from '../../electron/core/keychain/store-rewriter';
import { makeRoot } from './bearers-bench';
import type { BenchResult } from './bench-result';

const COUNT = 10_000;

class MemoryKeyStore implements KeyStore {
  private readonly entries = new Map<string, string>();
  async getPassword(service: string, account: string) {
    return this.entries.get(`${service}/${account}`) ?? null;
  }
  async setPassword(service: string, account: string, password: string) {
    this.entries.set(`${service}/${account}`, password);
  }
  async deletePassword(service: string, account: string) {
    return this.entries.delete(`${service}/${account}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timedList(store: BearerStore, wanted: string): Promise<number> {
  const started = process.hrtime.bigint();
  const list = await store.list();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (list.length !== COUNT || list.some((bearer) => bearer.storage !== wanted))
    throw new Error(`expected ${COUNT} ${wanted} bearers`);
  return ms;
}

export async function runKeychainBenchmarks(workDir: string, runs = 5): Promise<BenchResult[]> {
  const home = join(workDir, 'keychain-home');
  const plainRoot = join(workDir, 'keychain-plain');
  makeRoot(plainRoot, COUNT);
  const encryptedRoot = join(workDir, 'keychain-encrypted');
  cpSync(plainRoot, encryptedRoot, { recursive: true, preserveTimestamps: true });

  const layer = openKeychainLayer(home, { keyStore: new MemoryKeyStore() });
  const encryptedStore = new BearerStore({
    root: encryptedRoot,
    keys: () => layer.keysForRoot(encryptedRoot),
  });
  const migrationStarted = process.hrtime.bigint();
  await enableRootEncryption({
    root: encryptedRoot,
    masterKey: layer.masterKey,
    rewriter: bearerStoreRewriter(encryptedStore),
  });
  const migrationSeconds = Number(process.hrtime.bigint() - migrationStarted) / 1e9;

  const plainStore = new BearerStore({ root: plainRoot });
  // The files were just written: let them settle past a reader's quiet time, and warm the cache.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await timedList(plainStore, 'plain');
  await timedList(encryptedStore, 'encrypted');
  const plain: number[] = [];
  const encrypted: number[] = [];
  for (let i = 0; i < runs; i++) {
    plain.push(await timedList(plainStore, 'plain'));
    encrypted.push(await timedList(encryptedStore, 'encrypted'));
  }
  const ratio = median(encrypted) / median(plain);

  const disableStarted = process.hrtime.bigint();
  await disableRootEncryption({
    root: encryptedRoot,
    masterKey: layer.masterKey,
    rewriter: bearerStoreRewriter(encryptedStore),
  });
  const disableSeconds = Number(process.hrtime.bigint() - disableStarted) / 1e9;
  layer.close();

  return [
    {
      name: 'list of 10,000 plain bearers, in process, cold (median)',
      value: median(plain),
      unit: 'ms',
    },
    {
      name: 'list of 10,000 encrypted bearers, in process, cold (median)',
      value: median(encrypted),
      unit: 'ms',
    },
    {
      name: 'encrypted list / plain list',
      value: ratio,
      unit: 'x',
      target: '<= 1.3x',
      met: ratio <= 1.3,
    },
    {
      name: 'keychain enable (migration) rate',
      value: COUNT / migrationSeconds,
      unit: 'bearers/s',
    },
    { name: 'keychain disable (migration) rate', value: COUNT / disableSeconds, unit: 'bearers/s' },
  ];
}
