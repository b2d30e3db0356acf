// Whether an Electron binary can run here, found WITHOUT loading the
// `electron` package (its index.js downloads the binary when it is missing,
// and fails where downloads do not work). The same rules as that index.js:
// node_modules/electron/path.txt names the executable inside its dist/
// folder, and ELECTRON_OVERRIDE_DIST_PATH points at another dist/ folder.
// On Linux a window also needs a display.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {{ root: string, env: Record<string, string | undefined>, platform: string }} where
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectron({ root, env, platform }) {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = join(pkg, 'path.txt');
  const named = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  let path;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    path = join(env.ELECTRON_OVERRIDE_DIST_PATH, named || 'electron');
  } else if (named === '') {
    return {
      ok: false,
      reason: 'no Electron binary was downloaded (node_modules/electron/path.txt is missing)',
    };
  } else {
    path = join(pkg, 'dist', named);
  }
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    if (platform !== 'win32') accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, reason: `the Electron binary ${path} is missing or not executable` };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return {
      ok: false,
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    };
  }
  return { ok: true, path };
}
