/**
 * Lock figures for `npm run bench`: how long the next writer waits for a lock
 * whose holder was killed with SIGKILL (a real process, killed right after
 * taking the lock), and what an uncontended lock costs. The stale time is the
 * default 10 s, so a lock taken over by age alone shows as about 10 s.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_LOCK_STALE_MS, withFileLock } from '../../electron/core/locks/file-lock';
import type { BenchResult } from './bench-result';

const HOLDER = resolve(import.meta.dirname, '../../test-support/children/lock-holder.ts');
const KILLS = 5;
const UNCONTENDED = 300;

/** A process that takes `lockPath` and is killed with SIGKILL while holding it. */
async function lockLeftByAKilledHolder(lockPath: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', HOLDER, lockPath, String(DEFAULT_LOCK_STALE_MS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  await new Promise<void>((resolveHeld, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolveHeld();
    });
    void exited.then(() => reject(new Error('locks bench: the holder exited early')));
  });
  child.kill('SIGKILL');
  await exited;
}

async function benchTakeover(dir: string): Promise<BenchResult> {
  const waits: number[] = [];
  for (let i = 0; i < KILLS; i++) {
    const lockPath = join(dir, `killed-${i}.lock`);
    await lockLeftByAKilledHolder(lockPath);
    const start = performance.now();
    await withFileLock(lockPath, () => {}, { timeoutMs: 3 * DEFAULT_LOCK_STALE_MS });
    waits.push(performance.now() - start);
  }
  waits.sort((a, b) => a - b);
  return {
    name: 'lock: next writer after a holder killed with SIGKILL (stale time 10 s)',
    value: waits[Math.floor(waits.length / 2)]!,
    unit: 'ms',
    note: `median of ${KILLS}; slowest ${waits[waits.length - 1]!.toFixed(1)} ms`,
  };
}

async function benchUncontended(dir: string): Promise<BenchResult> {
  const lockPath = join(dir, 'uncontended.lock');
  const start = performance.now();
  for (let i = 0; i < UNCONTENDED; i++) await withFileLock(lockPath, () => {});
  return {
    name: 'lock: take and release, uncontended (mkdir, owner record, remove)',
    value: (performance.now() - start) / UNCONTENDED,
    unit: 'ms',
    note: `mean of ${UNCONTENDED}`,
  };
}

export async function runLockBenchmarks(workDir: string): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(workDir, 'locks-bench-'));
  try {
    return [await benchTakeover(dir), await benchUncontended(dir)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
