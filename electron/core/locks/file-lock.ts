/**
 * Cross-process lock: a folder created with mkdir (atomic everywhere, NFS
 * included), via proper-lockfile. The holder touches the folder's mtime every
 * `staleMs / 2`; a lock whose mtime is older than `staleMs` belongs to a
 * crashed holder and is taken over, so nothing blocks forever. The README's
 * "Lock protocol" section tells other tools how to honour it.
 */
import lockfile from 'proper-lockfile';
import { dirname } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { KeyedMutex } from './keyed-mutex';

export const DEFAULT_LOCK_TIMEOUT_MS = 15_000;
export const DEFAULT_LOCK_STALE_MS = 10_000;

export interface LockOptions {
  /** How long to wait for the lock before failing. */
  timeoutMs?: number;
  /** After how long without a touch a lock counts as abandoned (min 2000 ms). */
  staleMs?: number;
}

const inProcess = new KeyedMutex();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function timeoutError(lockPath: string, timeoutMs: number): VaultError {
  return new VaultError(
    'environment',
    `timed out after ${(timeoutMs / 1000).toFixed(1)} s waiting for the lock ${lockPath} (another process holds it)`,
  );
}

/**
 * Runs `fn` while holding the lock folder `lockPath` (its parent must exist).
 * If the lock is lost while `fn` runs (another process judged it stale), the
 * result is still returned but `onCompromised` is told, instead of the
 * library's default of throwing from a timer and killing the process.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T> | T,
  options: LockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = Math.max(options.staleMs ?? DEFAULT_LOCK_STALE_MS, 2000);
  const deadline = Date.now() + timeoutMs;
  const releaseLocal = await inProcess.acquire(lockPath, timeoutMs, () =>
    timeoutError(lockPath, timeoutMs),
  );
  try {
    let release: () => Promise<void>;
    for (;;) {
      try {
        release = await lockfile.lock(dirname(lockPath), {
          lockfilePath: lockPath,
          realpath: false,
          stale: staleMs,
          retries: 0,
          onCompromised: () => {
            // Another process took the lock over as stale. Our write, if any,
            // is already atomic per file; there is nothing safe to undo here.
          },
        });
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ELOCKED') throw environmentError('take the lock', lockPath, error);
        if (Date.now() >= deadline) throw timeoutError(lockPath, timeoutMs);
        await sleep(20 + Math.random() * 60);
      }
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => {
        // The lock folder is gone (its bearer was deleted) or was taken over.
      });
    }
  } finally {
    releaseLocal();
  }
}
