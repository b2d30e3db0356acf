/**
 * API key figures for `npm run bench`: how fast the in-memory validator
 * checks keys (a server checks one per request), and how long a mint takes
 * through the real path (lock, re-read, atomic write with fsyncs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { emptyKeyFile, newKeyEntry, writeKeyFile } from '../../electron/core/keys/key-file';
import { generateApiKey, hashApiKey } from '../../electron/core/keys/key-material';
import { ApiKeyStore } from '../../electron/core/keys/key-store';
import { formatKeyTime } from '../../electron/core/keys/key-time';
import { ApiKeyValidator } from '../../electron/core/keys/key-validator';
import type { BenchResult } from './bench-result';

const FILE_KEYS = 1000;
const VALIDATION_SECONDS = 1;
const MINTS = 200;
const WARM_UP_MINTS = 10;

function median(sorted: number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A key file of `count` keys, written directly (minting them one by one would only slow the bench). */
function writeBenchFile(path: string, count: number): string[] {
  const file = emptyKeyFile();
  const keys: string[] = [];
  const createdAt = formatKeyTime(Date.now());
  for (let i = 0; i < count; i++) {
    const key = generateApiKey('oxios_');
    keys.push(key);
    file.entries.push(newKeyEntry(hashApiKey(key), `bench-${i}`, createdAt));
  }
  writeKeyFile(path, file);
  return keys;
}

function benchValidations(path: string, keys: string[]): BenchResult {
  const validator = ApiKeyValidator.fromFile(path);
  // Half known keys, half well-formed strangers: the cost of a miss counts too.
  const probes = Array.from({ length: 1024 }, (_, i) =>
    i % 2 === 0 ? keys[(i * 7) % keys.length]! : generateApiKey('oxios_'),
  );
  let checks = 0;
  let valid = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < VALIDATION_SECONDS * 1000) {
    for (const probe of probes) if (validator.validate(probe) !== null) valid++;
    checks += probes.length;
    elapsed = performance.now() - start;
  }
  const perSecond = Math.round(checks / (elapsed / 1000));
  if (valid * 2 !== checks) throw new Error('keys bench: the validator answered wrongly');
  return {
    name: `keys: validations per second (in-memory validator, ${FILE_KEYS} keys, half invalid)`,
    value: perSecond,
    unit: 'validations/s',
    target: '>= 1,000,000 /s',
    met: perSecond >= 1_000_000,
    note: `${checks} checks in ${(elapsed / 1000).toFixed(2)} s on one core`,
  };
}

async function benchMints(path: string): Promise<BenchResult> {
  const store = new ApiKeyStore({ path });
  for (let i = 0; i < WARM_UP_MINTS; i++) await store.mint(`warm-up-${i}`);
  const latencies: number[] = [];
  for (let i = 0; i < MINTS; i++) {
    const start = performance.now();
    await store.mint(`mint-${i}`);
    latencies.push(performance.now() - start);
  }
  latencies.sort((a, b) => a - b);
  const medianMs = Math.round(median(latencies) * 100) / 100;
  const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
  return {
    name: `keys: mint median latency (lock + re-read + atomic write, file of ${FILE_KEYS}+ keys)`,
    value: medianMs,
    unit: 'ms',
    target: '<= 5 ms',
    met: medianMs <= 5,
    note: `${MINTS} mints; p95 ${p95.toFixed(2)} ms`,
  };
}

export async function runKeyBenchmarks(workDir: string): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(workDir, 'keys-bench-'));
  try {
    const path = join(dir, 'keys.json');
    const keys = writeBenchFile(path, FILE_KEYS);
    const validations = benchValidations(path, keys);
    const mints = await benchMints(path);
    return [validations, mints];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
