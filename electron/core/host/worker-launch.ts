/**
 * Where the vault worker's code is. Bundled (dist/cli/), it is the bundle's
 * sibling vault-worker.mjs; from source (tsx, vitest), it is worker-entry.ts
 * next to this file, run through tsx by ts-worker-boot.mjs with the repo's
 * tsconfig (for the `@shared` paths).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerLaunch {
  /** The script `new Worker` runs. */
  script: string;
  /** Merged into workerData: what ts-worker-boot.mjs needs, when it is the script. */
  boot?: { tsEntry: string; tsconfig: string };
}

const here = dirname(fileURLToPath(import.meta.url));

/** `entry`: a worker script to run instead (.mjs as is, .ts through tsx). */
export function workerLaunch(entry?: string): WorkerLaunch {
  if (entry !== undefined) return entry.endsWith('.ts') ? fromSource(entry) : { script: entry };
  const bundled = join(here, 'vault-worker.mjs');
  if (existsSync(bundled)) return { script: bundled };
  return fromSource(join(here, 'worker-entry.ts'));
}

function fromSource(tsFile: string): WorkerLaunch {
  return {
    script: join(here, 'ts-worker-boot.mjs'),
    boot: {
      tsEntry: pathToFileURL(resolve(tsFile)).href,
      tsconfig: resolve(here, '..', '..', '..', 'tsconfig.json'),
    },
  };
}
