// Bundles the CLI into one ES module (dist/cli/credvault.mjs): one file to
// load is what keeps a whole `credvault bearers list` process close to a bare
// Node process (see `npm run bench`). Native keytar stays external.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/cli/main.ts'],
  outfile: 'dist/cli/credvault.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['keytar', 'electron'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies (commander) still call require().
  banner: {
    js: "import { createRequire as __credvaultRequire } from 'node:module'; const require = __credvaultRequire(import.meta.url);",
  },
});
