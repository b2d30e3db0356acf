/** The built page is found beside the CLI bundle or the source; a missing build says how to make it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir';
import { VaultError } from '../core/errors';
import { findRendererDir } from './renderer-dir';

function checkout(withPage: boolean): string {
  const top = makeTempDir();
  if (withPage) {
    mkdirSync(join(top, 'dist', 'renderer'), { recursive: true });
    writeFileSync(join(top, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  }
  return top;
}

describe('findRendererDir', () => {
  it('finds dist/renderer from the CLI bundle and from the source', () => {
    const top = checkout(true);
    const expected = join(top, 'dist', 'renderer') + '/';
    expect(findRendererDir(pathToFileURL(join(top, 'dist', 'cli', 'credvault.mjs')).href)).toBe(
      expected,
    );
    expect(
      findRendererDir(pathToFileURL(join(top, 'electron', 'web', 'renderer-dir.ts')).href),
    ).toBe(expected);
  });

  it('says to run npm run build when the page is not built', () => {
    const top = checkout(false);
    let error: unknown;
    try {
      findRendererDir(pathToFileURL(join(top, 'dist', 'cli', 'credvault.mjs')).href);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VaultError);
    expect(error).toMatchObject({
      kind: 'environment',
      message: expect.stringContaining('npm run build'),
    });
  });
});
