/**
 * The owner record a lock holder leaves inside its lock folder (README, "Lock
 * protocol", version 2): who holds the lock, precisely enough that a waiter on
 * the same machine can tell for certain that the holder no longer runs and
 * take the lock over at once, instead of waiting for it to go stale.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processState, thisMachine } from './process-identity';

/** The file, inside the lock folder, that names the holder. */
export const OWNER_FILE = 'owner.json';
export const LOCK_PROTOCOL_VERSION = 2;
/** Larger owner files are not ours: they are ignored, never parsed. */
const MAX_OWNER_BYTES = 4096;

/** The record as written (snake_case: other tools read it). */
export interface LockOwner {
  protocol: number;
  host: string;
  /** null where the holder could not know it (not Linux): such a holder is never judged dead. */
  boot_id: string | null;
  pid_ns: string | null;
  pid: number;
  /** The holder's start time in clock ticks since boot (field 22 of /proc/PID/stat). */
  start_ticks: number | null;
  /** Unique per acquisition: tells one holding of the lock from the next. */
  lock_id: string;
}

let ourStartTicks: number | null | undefined;

/** A record naming this process, for a lock it has just taken. */
export function ownerForThisProcess(): LockOwner {
  const machine = thisMachine();
  if (ourStartTicks === undefined) {
    const self = machine ? processState(process.pid) : null;
    ourStartTicks = self?.kind === 'running' ? self.startTicks : null;
  }
  return {
    protocol: LOCK_PROTOCOL_VERSION,
    host: machine?.host ?? hostname(),
    boot_id: machine?.bootId ?? null,
    pid_ns: machine?.pidNamespace ?? null,
    pid: process.pid,
    start_ticks: ourStartTicks,
    lock_id: randomBytes(8).toString('hex'),
  };
}

// Never follow a symlink, never wait on a FIFO someone put there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * The owner file's text in the lock folder `lockPath`, or null when there is
 * none or it is not a small regular file (then nothing is read).
 */
export function readOwnerText(lockPath: string): string | null {
  let fd: number;
  try {
    fd = openSync(join(lockPath, OWNER_FILE), OPEN_FLAGS);
  } catch {
    return null;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > MAX_OWNER_BYTES) return null;
    const buffer = Buffer.alloc(MAX_OWNER_BYTES + 1);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return length > MAX_OWNER_BYTES ? null : buffer.toString('utf8', 0, length);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The record in `text`, or null when it is not a record we can rely on. */
export function parseOwner(text: string): LockOwner | null {
  if (text.length > MAX_OWNER_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const o = value as Record<string, unknown>;
  const stringOrNull = (v: unknown) => typeof v === 'string' || v === null;
  const valid =
    o.protocol === LOCK_PROTOCOL_VERSION &&
    typeof o.host === 'string' &&
    stringOrNull(o.boot_id) &&
    stringOrNull(o.pid_ns) &&
    Number.isSafeInteger(o.pid) &&
    (o.pid as number) > 0 &&
    (o.start_ticks === null || Number.isSafeInteger(o.start_ticks)) &&
    typeof o.lock_id === 'string';
  return valid ? (o as unknown as LockOwner) : null;
}

/**
 * True only when the holder certainly no longer runs: it ran on this machine,
 * this boot, in our pid namespace, and its pid is gone or now belongs to a
 * process started at another time. Anything we cannot be sure of is false.
 */
export function holderIsGone(owner: LockOwner): boolean {
  const machine = thisMachine();
  if (
    machine === null ||
    owner.host !== machine.host ||
    owner.boot_id !== machine.bootId ||
    owner.pid_ns !== machine.pidNamespace
  ) {
    return false;
  }
  const state = processState(owner.pid);
  if (state.kind === 'gone') return true;
  return (
    state.kind === 'running' && owner.start_ticks !== null && state.startTicks !== owner.start_ticks
  );
}
