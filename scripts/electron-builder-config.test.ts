/**
 * electron-builder.yml, checked here because `npm run package` cannot run
 * on this machine (it needs the Electron binary): the file must pass
 * electron-builder's own schema, ship what main loads at run time, and keep
 * keytar's native module outside the asar.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { minimatch } = require('minimatch') as {
  minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean;
};

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  linux: { target: string[] };
  mac: { target: string };
  win: { target: string };
}

const config = load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const logger = { add() {}, isEnabled: false };

function shipped(path: string): boolean {
  const included = config.files.filter((p) => !p.startsWith('!')).some((p) => minimatch(path, p));
  const excluded = config.files
    .filter((p) => p.startsWith('!'))
    .some((p) => minimatch(path, p.slice(1)));
  return included && !excluded;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
  });

  it('the schema check is real: an unknown key fails it', async () => {
    await expect(validateConfiguration({ ...config, bogus: 1 }, logger)).rejects.toThrow(/bogus/);
  });

  it('builds AppImage and deb, dmg, nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('unpacks keytar from the asar and never rebuilds native modules', () => {
    expect(config.asarUnpack).toContain('node_modules/keytar/**');
    expect(config.npmRebuild).toBe(false);
  });

  it.each([
    'package.json',
    'out/main/index.mjs',
    'out/main/vault-worker.mjs',
    'out/main/keychain-helper.mjs',
    'out/main/tray-icons/tray-ok-22.png',
    'out/preload/index.cjs',
    'dist/renderer/index.html',
    'dist/renderer/assets/index-abc123.js',
  ])('ships %s', (path) => {
    expect(shipped(path)).toBe(true);
  });

  it.each(['out/main/index.mjs.map', 'dist/cli/credvault.mjs', 'electron/main/index.ts'])(
    'leaves out %s',
    (path) => {
      expect(shipped(path)).toBe(false);
    },
  );

  it('package.json points Electron at the built main', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.mjs');
  });
});
