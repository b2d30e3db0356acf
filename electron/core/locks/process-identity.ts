/**
 * What another process on the same machine needs to tell, later and for
 * certain, whether a given process still runs: the machine (host name and
 * kernel boot id), the pid namespace, the pid, and the kernel's start time for
 * that pid (so a pid reused by a newer process is not mistaken for the old
 * one). Linux only, read from /proc; elsewhere the answers are null ("cannot
 * tell"), and callers must then assume the process may still run.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export interface MachineIdentity {
  host: string;
  bootId: string;
  /** e.g. "pid:[4026531836]": pids are comparable only within one namespace. */
  pidNamespace: string;
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
const START_TIME_FIELD = 22;

let machine: MachineIdentity | null | undefined;

/** This machine and pid namespace, or null where /proc cannot vouch for them. */
export function thisMachine(): MachineIdentity | null {
  if (machine === undefined) machine = readMachineIdentity();
  return machine;
}

function readMachineIdentity(): MachineIdentity | null {
  try {
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const pidNamespace = readlinkSync('/proc/self/ns/pid');
    // A /proc mounted for another pid namespace would answer about other
    // processes than the pids we see: then nothing it says is certain.
    const self = readStat(process.pid);
    if (bootId === '' || self === null || self.pid !== process.pid) return null;
    return { host: hostname(), bootId, pidNamespace };
  } catch {
    return null;
  }
}

interface ProcStat {
  pid: number;
  state: string;
  startTicks: number;
}

/** Parses /proc/PID/stat; null when it cannot be read or parsed. */
function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so fields
  // are counted from the last ")".
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  const startTicks = Number(fields[START_TIME_FIELD - 3]);
  const statPid = Number.parseInt(text, 10);
  if (close < 0 || state === undefined || !Number.isSafeInteger(startTicks)) return null;
  return { pid: statPid, state, startTicks };
}

export type ProcessState =
  | { kind: 'running'; startTicks: number }
  /** Certainly not running: no such process, or a zombie that will never run again. */
  | { kind: 'gone' }
  | { kind: 'unknown' };

/** Whether `pid` (in our pid namespace) runs now, and since when. */
export function processState(pid: number): ProcessState {
  if (!Number.isSafeInteger(pid) || pid <= 0) return { kind: 'unknown' };
  try {
    // Signal 0 only asks whether the pid exists; unlike /proc it is not
    // hidden by hidepid, and EPERM means it exists under another user.
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { kind: 'gone' };
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return { kind: 'unknown' };
  }
  const stat = readStat(pid);
  if (stat === null || stat.pid !== pid) return { kind: 'unknown' };
  if (stat.state === 'Z' || stat.state === 'X') return { kind: 'gone' };
  return { kind: 'running', startTicks: stat.startTicks };
}
