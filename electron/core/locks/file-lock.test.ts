/**
 * The cross-process lock against real processes: a holder killed with SIGKILL
 * is taken over at once (its owner record shows it is gone), a live holder
 * never is, and every case the owner record cannot settle for certain (another
 * machine, boot or pid namespace; no record) keeps the mtime rule.
 *
 * Waiters here use a stale time of ten minutes, so whenever one gets the lock
 * of a holder that never released it, the owner record is what let it in: the
 * mtime rule could not have fired.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { holdLockInAnotherProcess } from '../../../test-support/lock-holder-process';
import { makeTempDir } from '../../../test-support/temp-dir';
import { takeOverIfAbandoned, withFileLock } from './file-lock';
import { OWNER_FILE, type LockOwner } from './lock-owner';

const STALE_NEVER = 600_000;
const LONG_AGO = new Date(Date.now() - 3_600_000);

function lockIn(dir: string): string {
  return join(dir, '.credvault.lock');
}

function ownerOf(lockPath: string): LockOwner {
  return JSON.parse(readFileSync(join(lockPath, OWNER_FILE), 'utf8')) as LockOwner;
}

/** Field 22 of /proc/PID/stat, read here independently of the code under test. */
function startTicksOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/** An owner record naming this very process, as the lock would write it. */
function ourOwnRecord(): LockOwner {
  return {
    protocol: 2,
    host: hostname(),
    boot_id: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    pid_ns: readlinkSync('/proc/self/ns/pid'),
    pid: process.pid,
    start_ticks: startTicksOf(process.pid),
    lock_id: 'planted0planted0',
  };
}

/** A lock folder as some holder left it: with this owner file (or none), touched at `mtime`. */
function plantLock(lockPath: string, owner: LockOwner | string | null, mtime = new Date()): void {
  mkdirSync(lockPath);
  if (owner !== null) {
    const text = typeof owner === 'string' ? owner : JSON.stringify(owner);
    writeFileSync(join(lockPath, OWNER_FILE), text);
  }
  utimesSync(lockPath, mtime, mtime);
}

/** The pid of a process that has exited (and been reaped). */
async function pidOfAnExitedProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

/** Tries the lock once for `timeoutMs`: 'taken' or the error's message. */
async function tryLock(
  lockPath: string,
  options: { staleMs: number; timeoutMs: number },
): Promise<string> {
  return withFileLock(lockPath, () => 'taken', options).catch((error: Error) => error.message);
}

describe('the owner record', () => {
  it('names the holder while it holds the lock; release removes the lock folder', async () => {
    const lock = lockIn(makeTempDir());
    const seen = await withFileLock(lock, () => ownerOf(lock));
    expect(seen).toEqual({ ...ourOwnRecord(), lock_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(existsSync(lock)).toBe(false);
  });
});

describe('a holder in another process', () => {
  it('killed with SIGKILL: the next writer takes its lock over at once', async () => {
    const lock = lockIn(makeTempDir());
    const holder = await holdLockInAnotherProcess(lock, STALE_NEVER);
    expect(ownerOf(lock).pid).toBe(holder.pid);
    await holder.kill('SIGKILL');
    expect(existsSync(lock)).toBe(true); // nothing released it

    const owner = await withFileLock(lock, () => ownerOf(lock), {
      staleMs: STALE_NEVER,
      timeoutMs: 10_000,
    });
    expect(owner.pid).toBe(process.pid);
  });

  it('alive: is never taken over, neither by its record nor, while it touches the lock, by age', async () => {
    const lock = lockIn(makeTempDir());
    // Stale after 4 s, touched every 2 s: a waiter trying for 6 s sees a
    // fresh lock throughout, and a record naming a running process.
    const holder = await holdLockInAnotherProcess(lock, 4000);
    const record = ownerOf(lock);
    expect(await tryLock(lock, { staleMs: 4000, timeoutMs: 6000 })).toMatch(
      /timed out after 6.0 s waiting for the lock .* \(another process holds it\)/,
    );
    expect(ownerOf(lock)).toEqual(record);

    await holder.release();
    expect(existsSync(lock)).toBe(false);
    expect(await tryLock(lock, { staleMs: STALE_NEVER, timeoutMs: 1000 })).toBe('taken');
  });

  it('stopped by SIGTERM: removes its lock on the way out', async () => {
    const lock = lockIn(makeTempDir());
    const holder = await holdLockInAnotherProcess(lock, STALE_NEVER);
    await holder.kill('SIGTERM');
    expect(existsSync(lock)).toBe(false);
  });
});

describe('what the owner record cannot settle keeps the mtime rule', () => {
  it.each([
    ['another host', { host: 'elsewhere.example' }],
    ['another boot', { boot_id: '00000000-0000-4000-8000-000000000000' }],
    ['another pid namespace', { pid_ns: 'pid:[1]' }],
    ['a holder that could not tell its boot (not Linux)', { boot_id: null, pid_ns: null }],
  ])('a gone pid on %s: waits while the lock is fresh, takes it once stale', async (_, change) => {
    const dir = makeTempDir();
    const owner = { ...ourOwnRecord(), pid: await pidOfAnExitedProcess(), ...change };
    plantLock(lockIn(dir), owner);
    expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 300 })).toMatch(
      /timed out/,
    );

    utimesSync(lockIn(dir), LONG_AGO, LONG_AGO);
    expect(await tryLock(lockIn(dir), { staleMs: 10_000, timeoutMs: 1000 })).toBe('taken');
  });

  it.each([
    ['no owner record', null],
    ['an owner record that is not one', '{"pid": 1'],
    ['an owner record of another protocol', JSON.stringify({ ...ourOwnRecord(), protocol: 3 })],
  ])('%s: waits while the lock is fresh, takes it once stale', async (_, owner) => {
    const dir = makeTempDir();
    plantLock(lockIn(dir), owner);
    expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 300 })).toMatch(
      /timed out/,
    );

    utimesSync(lockIn(dir), LONG_AGO, LONG_AGO);
    expect(await tryLock(lockIn(dir), { staleMs: 10_000, timeoutMs: 1000 })).toBe('taken');
  });

  it('an owner file that is a FIFO or a symlink is never read: the mtime rule applies', async () => {
    const plants = [
      (path: string) => execFileSync('mkfifo', [path]),
      (path: string) => symlinkSync('/dev/zero', path),
    ];
    for (const plant of plants) {
      const dir = makeTempDir();
      plantLock(lockIn(dir), null);
      plant(join(lockIn(dir), OWNER_FILE));
      expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 300 })).toMatch(
        /timed out/,
      );
      utimesSync(lockIn(dir), LONG_AGO, LONG_AGO);
      expect(await tryLock(lockIn(dir), { staleMs: 10_000, timeoutMs: 1000 })).toBe('taken');
    }
  });
});

describe('a holder on this machine that no longer runs', () => {
  it('a gone pid is taken over at once, however fresh the lock', async () => {
    const dir = makeTempDir();
    plantLock(lockIn(dir), { ...ourOwnRecord(), pid: await pidOfAnExitedProcess() });
    expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 5000 })).toBe('taken');
  });

  it('a pid now used by a process started at another time (reused) is taken over at once', async () => {
    const dir = makeTempDir();
    const live = ourOwnRecord();
    // The same pid, started at the recorded time: a live holder.
    plantLock(lockIn(dir), live);
    expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 300 })).toMatch(
      /timed out/,
    );
    // The same pid, another start time: the recorded holder is gone.
    writeFileSync(
      join(lockIn(dir), OWNER_FILE),
      JSON.stringify({ ...live, start_ticks: live.start_ticks! - 1 }),
    );
    expect(await tryLock(lockIn(dir), { staleMs: STALE_NEVER, timeoutMs: 5000 })).toBe('taken');
  });
});

describe('taking over', () => {
  it('a waiter whose abandoned lock was meanwhile taken over and re-taken leaves the new lock alone', async () => {
    const lock = lockIn(makeTempDir());
    plantLock(lock, { ...ourOwnRecord(), pid: await pidOfAnExitedProcess() });
    let newOwner: LockOwner | undefined;
    // Between this waiter's judging the lock abandoned and its acting on
    // that, another waiter removes the lock and takes it itself.
    const removed = await takeOverIfAbandoned(lock, STALE_NEVER, async () => {
      expect(await takeOverIfAbandoned(lock, STALE_NEVER)).toBe(true);
      plantLock(lock, (newOwner = { ...ourOwnRecord(), lock_id: 'theothertakerxxx' }));
    });
    expect(removed).toBe(true);
    expect(ownerOf(lock)).toEqual(newOwner);
    expect(readdirSync(lock)).toEqual([OWNER_FILE]); // its takeover mark gone too
  });

  it('a lock path that is not a folder is an error, not a wait', async () => {
    const dir = makeTempDir();
    writeFileSync(lockIn(dir), '');
    const error = await rejectionOf(withFileLock(lockIn(dir), () => 'taken'));
    expect(error).toMatchObject({ kind: 'environment' });
    expect(error.message).toMatch(/the lock .* is not a folder/);
  });
});
