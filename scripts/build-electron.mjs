// Builds the desktop app's main process and preload into out/ (the renderer
// is vite's job: dist/renderer/). esbuild rather than electron-vite: the
// renderer already has its own vite build shared with browser mode, and two
// esbuild calls are all main and preload need, with no Electron binary.
//
// - main: one ES module (Electron 45 loads ESM mains; the core finds its
//   helpers through import.meta.url), `electron` and native keytar external.
// - preload: CommonJS, because a sandboxed preload cannot be an ES module;
//   only `electron` is external (a sandboxed preload's require knows little
//   else), so zod and the contract are bundled in.
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => join(ROOT, path);

const common = {
  bundle: true,
  legalComments: 'none',
  logLevel: 'warning',
  alias: { '@shared': at('shared') },
  absWorkingDir: ROOT,
};

export async function buildPreload(outfile = at('out/preload/index.cjs')) {
  await build({
    ...common,
    entryPoints: [at('electron/preload/index.ts')],
    outfile,
    platform: 'node',
    format: 'cjs',
    target: 'chrome140',
    external: ['electron'],
    // zod's namespace keeps all of zod (~450 KB minified, ~780 KB not): read
    // by every window load, so minified.
    minify: true,
    sourcemap: false,
  });
  return outfile;
}

/**
 * Main's folder: the process itself and what it starts, each found by the
 * core as a sibling of the bundle that starts it (import.meta.url).
 */
const MAIN_ENTRIES = {
  index: at('electron/main/index.ts'),
  // The vault session's worker thread (electron/core/host/worker-launch.ts).
  'vault-worker': at('electron/core/host/worker-entry.ts'),
  // The keychain helper, a child process Electron runs as plain Node.
  'keychain-helper': at('electron/core/keychain/keychain-helper.ts'),
};

export async function buildMain(outdir = at('out/main')) {
  await build({
    ...common,
    entryPoints: MAIN_ENTRIES,
    outdir,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron', 'keytar'],
    sourcemap: 'linked',
    // Bundled CommonJS dependencies still call require().
    banner: {
      js: "import { createRequire as __credvaultRequire } from 'node:module'; const require = __credvaultRequire(import.meta.url);",
    },
  });
  // The tray's icons travel with main (electron/main/tray-icons/, drawn by
  // scripts/draw-tray-icons.ts).
  const icons = join(outdir, 'tray-icons');
  mkdirSync(dirname(icons), { recursive: true });
  cpSync(at('electron/main/tray-icons'), icons, {
    recursive: true,
    filter: (source) => !/\.ts$/.test(source),
  });
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await Promise.all([buildMain(), buildPreload()]);
}
