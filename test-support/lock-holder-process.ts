/**
 * Test helper: a lock held by another process (children/lock-holder.ts), run
 * with node itself rather than through the tsx launcher, so that the pid we
 * signal is the pid that holds the lock.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { onTestFinished } from 'vitest';

const HOLDER = resolve(import.meta.dirname, 'children/lock-holder.ts');

export interface LockHolderProcess {
  pid: number;
  /** Asks the holder to release the lock; resolves once it has. */
  release(): Promise<void>;
  /** Sends `signal` and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts a process holding `lockPath`; resolves once it holds it. */
export async function holdLockInAnotherProcess(
  lockPath: string,
  staleMs: number,
): Promise<LockHolderProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, lockPath, String(staleMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  let output = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  });
  const saw = (line: string) =>
    new Promise<void>((resolveSaw, reject) => {
      const check = () => {
        if (output.includes(line)) resolveSaw();
      };
      listeners.add(check);
      check();
      void exited.then(() => {
        check();
        reject(new Error(`the lock holder exited before printing ${JSON.stringify(line)}`));
      });
    });
  await saw('held\n');
  return {
    pid: child.pid!,
    async release() {
      child.stdin.write('release\n');
      await saw('released\n');
      await exited;
    },
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
