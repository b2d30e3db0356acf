/**
 * Cross-process lock (README, "Lock protocol", version 2): a folder created
 * with mkdir, atomic everywhere (NFS included) and honoured by other tools.
 * Whoever creates it holds the lock, names itself in `owner.json` inside it
 * (lock-owner.ts) and touches the folder's mtime every `staleMs / 2`.
 *
 * A waiter takes the lock over at once when its owner record shows a holder
 * that certainly no longer runs (same machine, boot and pid namespace; pid
 * gone or reused), and otherwise only when the folder's mtime is older than
 * `staleMs` (a holder on another machine, or a lock with no record).
 *
 * Our own code rather than proper-lockfile: that library removes a stale lock
 * with rmdir, so its folder cannot hold an owner record, and two waiters that
 * both judge a lock stale can both remove it (the second removing the lock
 * the first has just re-created), each then believing it holds the lock.
 */
import { lstat, mkdir, rm, rmdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { KeyedMutex } from './keyed-mutex';
import {
  OWNER_FILE,
  holderIsGone,
  ownerForThisProcess,
  parseOwner,
  readOwnerText,
} from './lock-owner';
import { forgetOnExit, releaseOnExit } from './release-on-exit';

export const DEFAULT_LOCK_TIMEOUT_MS = 15_000;
export const DEFAULT_LOCK_STALE_MS = 10_000;

/** A folder a waiter creates inside a lock it is taking over, so only one waiter removes it. */
const TAKEOVER_MARK = 'takeover';

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

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
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
 * result is still returned: our writes are atomic per file, there is nothing
 * safe to undo, and the process must not crash over it.
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
    for (;;) {
      try {
        await mkdir(lockPath, { mode: 0o700 });
        break;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw environmentError('take the lock', lockPath, error);
      }
      if (await takeOverIfAbandoned(lockPath, staleMs)) continue;
      if (Date.now() >= deadline) throw timeoutError(lockPath, timeoutMs);
      await sleep(20 + Math.random() * 60);
    }
    const held = await holdLock(lockPath, staleMs);
    try {
      return await fn();
    } finally {
      await held.release();
    }
  } finally {
    releaseLocal();
  }
}

interface LockSnapshot {
  ino: number;
  mtimeMs: number;
  /** The owner file's exact text, or null when there is none (yet). */
  ownerText: string | null;
}

/** What is at `lockPath` now; null once it is gone. Anything but a folder is an error. */
async function snapshot(lockPath: string): Promise<LockSnapshot | null> {
  let info;
  try {
    info = await lstat(lockPath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw environmentError('inspect the lock', lockPath, error);
  }
  if (!info.isDirectory()) {
    throw new VaultError(
      'environment',
      `the lock ${lockPath} is not a folder; remove it if no program is using it`,
    );
  }
  // No record (not written yet, an older Credvault, another tool): the mtime rule applies.
  return { ino: info.ino, mtimeMs: info.mtimeMs, ownerText: readOwnerText(lockPath) };
}

function isAbandoned(lock: LockSnapshot, staleMs: number): boolean {
  const owner = lock.ownerText === null ? null : parseOwner(lock.ownerText);
  return (owner !== null && holderIsGone(owner)) || Date.now() - lock.mtimeMs > staleMs;
}

/**
 * Removes the lock if its holder is gone or it went stale; true when the lock
 * is gone (so the caller retries mkdir at once). Race-safe between waiters:
 * the one that creates the takeover mark inside the lock checks that the lock
 * is still the one it judged (same folder, same owner record, and the record
 * names each acquisition uniquely) before removing it; the others back off.
 * (A lock with no record has only its inode to tell it by: one removed and
 * re-created with the same inode number at that instant could still be
 * taken, the mtime rule's old race, now narrowed to that.)
 * `afterJudging` lets a test put another waiter's moves at the one point
 * where they matter.
 */
export async function takeOverIfAbandoned(
  lockPath: string,
  staleMs: number,
  afterJudging?: () => Promise<void>,
): Promise<boolean> {
  const judged = await snapshot(lockPath);
  if (judged === null) return true;
  if (!isAbandoned(judged, staleMs)) return false;
  await afterJudging?.();
  const mark = join(lockPath, TAKEOVER_MARK);
  try {
    await mkdir(mark);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return true; // released meanwhile
    if (errorCode(error) !== 'EEXIST')
      throw environmentError('take over the lock', lockPath, error);
    await removeStaleMark(mark, staleMs);
    return false; // another waiter is taking it over
  }
  const now = await snapshot(lockPath);
  if (now !== null && now.ino === judged.ino && now.ownerText === judged.ownerText) {
    await rm(lockPath, { recursive: true, force: true });
  } else {
    // Not the lock we judged: a new holder's. Leave it whole.
    await rmdir(mark).catch(() => {});
  }
  return true;
}

/** A mark left by a waiter that died while taking over: it would block every other waiter. */
async function removeStaleMark(mark: string, staleMs: number): Promise<void> {
  try {
    if (Date.now() - (await stat(mark)).mtimeMs > staleMs) await rmdir(mark);
  } catch {
    // Gone meanwhile, or no longer empty: nothing to do.
  }
}

/** Releases a lock we hold: the record, then the folder. */
async function removeLock(lockPath: string): Promise<void> {
  await unlink(join(lockPath, OWNER_FILE)).catch(() => {});
  try {
    await rmdir(lockPath);
  } catch (error) {
    // Not empty: a waiter's takeover mark (it is backing off), or a record
    // we could not remove. Gone: its bearer was deleted. Either way, done.
    if (errorCode(error) === 'ENOTEMPTY' || errorCode(error) === 'EEXIST')
      await rm(lockPath, { recursive: true, force: true, maxRetries: 3, retryDelay: 10 }).catch(
        () => {},
      );
  }
}

interface HeldLock {
  release(): Promise<void>;
}

/** Records us as the holder and keeps the lock fresh until released. */
async function holdLock(lockPath: string, staleMs: number): Promise<HeldLock> {
  const owner = ownerForThisProcess();
  const recorded = await writeOwner(lockPath, JSON.stringify(owner));
  const isStillOurs = (): boolean => {
    if (!recorded) return true; // no record to check against: assume so, as protocol 1 did
    const text = readOwnerText(lockPath);
    return text !== null && parseOwner(text)?.lock_id === owner.lock_id;
  };
  const touch = setInterval(() => {
    void (async () => {
      // Taken over (our event loop stalled past staleMs): stop touching the new holder's lock.
      if (!isStillOurs()) return clearInterval(touch);
      const now = new Date();
      await utimes(lockPath, now, now);
    })().catch(() => {
      // A failed touch is not fatal: the lock just ages, as a crashed holder's would.
    });
  }, staleMs / 2);
  touch.unref();
  const exitHook = releaseOnExit(lockPath, owner.lock_id);
  return {
    async release() {
      clearInterval(touch);
      forgetOnExit(exitHook);
      if (!isStillOurs()) return; // someone else's lock now: leave it
      await removeLock(lockPath);
    },
  };
}

/**
 * Writes the owner record in one exclusive write, no temp file and no fsync:
 * a record read half-written, or torn by a crash, does not parse, and a lock
 * without a usable record falls back to the mtime rule; after a reboot the
 * boot id differs and the record is not relied on anyway. Without a record
 * the lock still works, so a failure here is not an error.
 */
async function writeOwner(lockPath: string, text: string): Promise<boolean> {
  try {
    await writeFile(join(lockPath, OWNER_FILE), text, { flag: 'wx', mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}
