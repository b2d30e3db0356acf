/**
 * vitest globalSetup: builds the CLI bundle once before any test runs, so the
 * tests that spawn bin/credvault always run the code under test.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '..', 'scripts', 'build-cli.mjs')], {
    stdio: 'inherit',
    cwd: resolve(import.meta.dirname, '..'),
  });
}
