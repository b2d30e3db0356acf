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

// The keychain helper: the child process that owns every keytar call (see
// electron/core/keychain/keychain-helper.ts). helper-launch.ts finds it as the
// CLI bundle's sibling.
await build({
  entryPoints: ['electron/core/keychain/keychain-helper.ts'],
  outfile: 'dist/cli/keychain-helper.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['keytar'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});

// The vault worker: the thread the app's main process runs the session in
// (electron/core/host/worker-entry.ts). worker-launch.ts finds it as the
// bundle's sibling.
await build({
  entryPoints: ['electron/core/host/worker-entry.ts'],
  outfile: 'dist/cli/vault-worker.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['keytar'],
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
});
