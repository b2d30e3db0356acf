// A writer in another process that takes a file lock and holds it.
// argv: <lockPath> <staleMs>. Prints "held" once it holds the lock; releases
// it when a line arrives on stdin, then prints "released" and exits. Killed
// with SIGKILL instead, it leaves the lock behind, as a crashed writer would.
import { createInterface } from 'node:readline';
import { withFileLock } from '../../electron/core/locks/file-lock';

const [lockPath, staleText] = process.argv.slice(2) as [string, string];
const lines = createInterface({ input: process.stdin });
await withFileLock(
  lockPath,
  async () => {
    process.stdout.write('held\n');
    await new Promise((resolve) => lines.once('line', resolve));
  },
  { staleMs: Number(staleText), timeoutMs: 60_000 },
);
lines.close();
process.stdout.write('released\n');
