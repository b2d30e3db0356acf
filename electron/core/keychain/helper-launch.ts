/**
 * How to start the keychain helper. Bundled (dist/cli/credvault.mjs) the
 * helper is its sibling keychain-helper.mjs; from source (tsx, vitest) it is
 * keychain-helper.ts next to this file, run through tsx from the repo root
 * (`--import tsx` resolves from the working folder).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HelperLaunch {
  command: string;
  args: string[];
  cwd?: string;
}

export function defaultHelperLaunch(): HelperLaunch {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'keychain-helper.mjs');
  if (existsSync(bundled)) return { command: process.execPath, args: [bundled] };
  return {
    command: process.execPath,
    args: ['--import', 'tsx', join(here, 'keychain-helper.ts')],
    cwd: resolve(here, '..', '..', '..'),
  };
}
