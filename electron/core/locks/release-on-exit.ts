/**
 * Removes the locks this process still holds when it exits or is stopped by
 * SIGINT, SIGTERM or SIGHUP (Ctrl-C in a terminal, a session ending), so the
 * next writer does not wait. Where the owner record cannot be judged (not
 * Linux), a lock left behind would otherwise cost it the whole stale period.
 * SIGKILL cannot be caught: for that, the owner record is what helps.
 *
 * Listeners are attached only while a lock is held. After cleaning up on a
 * signal, the signal is raised again when nobody else listens for it, so the
 * process still ends as it would have without us.
 */
import { rmSync } from 'node:fs';
import { parseOwner, readOwnerText } from './lock-owner';

interface HeldLockEntry {
  lockPath: string;
  lockId: string;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const held = new Set<HeldLockEntry>();

function removeHeldLocks(): void {
  for (const { lockPath, lockId } of held) {
    try {
      const text = readOwnerText(lockPath);
      if (text !== null && parseOwner(text)?.lock_id === lockId)
        rmSync(lockPath, { recursive: true, force: true });
    } catch {
      // No record of ours (taken over, or never written): not ours to remove.
    }
  }
  held.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeHeldLocks();
  detach();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function attach(): void {
  process.on('exit', removeHeldLocks);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function detach(): void {
  process.off('exit', removeHeldLocks);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a lock we now hold; returns the handle for `forgetOnExit`. */
export function releaseOnExit(lockPath: string, lockId: string): HeldLockEntry {
  const entry = { lockPath, lockId };
  if (held.size === 0) attach();
  held.add(entry);
  return entry;
}

/** The lock was released normally: nothing to do for it at exit. */
export function forgetOnExit(entry: HeldLockEntry): void {
  if (held.delete(entry) && held.size === 0) detach();
}
