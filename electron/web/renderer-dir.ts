/**
 * Where the built renderer is: dist/renderer/ at the top of the checkout.
 * This module runs from the CLI bundle (dist/cli/credvault.mjs) or, in
 * tests, from its source (electron/web/), so both places are tried.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VaultError } from '../core/errors';

const CANDIDATES = ['../renderer/', '../../dist/renderer/'];

export function findRendererDir(moduleUrl: string = import.meta.url): string {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, moduleUrl));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new VaultError(
    'environment',
    'the browser UI is not built (no dist/renderer/index.html): run `npm run build` in the Credvault folder',
  );
}
