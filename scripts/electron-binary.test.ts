import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir';
import { findElectron } from './electron-binary.mjs';

/** A checkout whose node_modules/electron looks as npm leaves it. */
function checkout(options: { pathTxt?: string; binary?: 'exec' | 'plain' | 'none' } = {}) {
  const root = makeTempDir();
  const pkg = join(root, 'node_modules', 'electron');
  mkdirSync(join(pkg, 'dist'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"electron"}');
  if (options.pathTxt !== undefined) writeFileSync(join(pkg, 'path.txt'), options.pathTxt);
  const binary = join(pkg, 'dist', 'electron');
  if (options.binary !== 'none' && options.binary !== undefined) {
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, options.binary === 'exec' ? 0o755 : 0o644);
  }
  return { root, binary };
}

const display = { DISPLAY: ':0' };

describe('findElectron', () => {
  it('finds the binary path.txt names, when it is executable and there is a display', () => {
    const { root, binary } = checkout({ pathTxt: 'electron', binary: 'exec' });
    expect(findElectron({ root, env: display, platform: 'linux' })).toEqual({
      ok: true,
      path: binary,
    });
    expect(
      findElectron({ root, env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux' }).ok,
    ).toBe(true);
  });

  it('no download (no path.txt): says so, and never loads the package (which would download)', () => {
    const { root } = checkout();
    writeFileSync(join(root, 'node_modules', 'electron', 'index.js'), 'throw new Error("loaded")');
    expect(findElectron({ root, env: display, platform: 'linux' })).toEqual({
      ok: false,
      reason: 'no Electron binary was downloaded (node_modules/electron/path.txt is missing)',
    });
  });

  it('a path.txt naming a missing or non-executable file', () => {
    const missing = checkout({ pathTxt: 'electron', binary: 'none' });
    expect(findElectron({ root: missing.root, env: display, platform: 'linux' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/missing or not executable$/),
    });
    const plain = checkout({ pathTxt: 'electron', binary: 'plain' });
    expect(findElectron({ root: plain.root, env: display, platform: 'linux' }).ok).toBe(false);
  });

  it('Linux without a display (a server, SSH): no window possible', () => {
    const { root } = checkout({ pathTxt: 'electron', binary: 'exec' });
    expect(findElectron({ root, env: {}, platform: 'linux' })).toEqual({
      ok: false,
      reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)',
    });
    expect(findElectron({ root, env: {}, platform: 'darwin' }).ok).toBe(true);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const { root } = checkout();
    const dist = makeTempDir();
    writeFileSync(join(dist, 'electron'), '');
    chmodSync(join(dist, 'electron'), 0o755);
    expect(
      findElectron({
        root,
        env: { ...display, ELECTRON_OVERRIDE_DIST_PATH: dist },
        platform: 'linux',
      }),
    ).toEqual({ ok: true, path: join(dist, 'electron') });
  });

  it('no electron package at all', () => {
    expect(findElectron({ root: makeTempDir(), env: display, platform: 'linux' })).toMatchObject({
      ok: false,
    });
  });
});
