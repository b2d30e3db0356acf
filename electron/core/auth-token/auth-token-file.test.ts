import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuthToken, saveAuthToken } from './auth-token-file';
import { SEED_AUTH_TOKEN } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { assertErrorHasNoLeak, markedSecret } from '../../../test-support/leak-marker';

describe('workspace token file', () => {
  const originalUmask = process.umask();
  afterEach(() => {
    process.umask(originalUmask);
  });

  it('reads the seed-written file, and writes the same bytes for the same token', () => {
    expect(readAuthToken(SEED_AUTH_TOKEN)).toBe('ws-token-123');
    const path = join(makeTempDir(), 'configs', '.auth_token');
    expect(saveAuthToken(path, '  ws-token-123  ')).toBe(true);
    expect(readFileSync(path)).toEqual(readFileSync(SEED_AUTH_TOKEN));
  });

  it('strips on read; blank or missing means no token', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'spaced'), '\n  tok  \n', { mode: 0o600 });
    writeFileSync(join(dir, 'blank'), ' \n\t', { mode: 0o600 });
    expect(readAuthToken(join(dir, 'spaced'))).toBe('tok');
    expect(readAuthToken(join(dir, 'blank'))).toBeNull();
    expect(readAuthToken(join(dir, 'missing'))).toBeNull();
  });

  it('refuses an empty token and writes nothing', () => {
    const path = join(makeTempDir(), '.auth_token');
    expect(() => saveAuthToken(path, '  \n')).toThrowError(/refusing to save an empty token/);
    expect(() => statSync(path)).toThrowError();
  });

  it('refuses a token it could not store as given, or read back, and writes nothing', () => {
    const path = join(makeTempDir(), '.auth_token');
    const secret = markedSecret('tok');
    // Half a surrogate pair has no UTF-8 form: it would be stored as U+FFFD.
    expect(() => saveAuthToken(path, `${secret}\ud800`)).toThrowError(
      `refusing to save a token holding an unpaired surrogate to ${path}`,
    );
    // The reader refuses files over 64 KiB: a larger token would be lost.
    expect(() => saveAuthToken(path, `${secret}${'x'.repeat(64 * 1024)}`)).toThrowError(
      `refusing to save a token larger than 64 KiB to ${path}`,
    );
    expect(() => statSync(path)).toThrowError();
    writeFileSync(path, Buffer.concat([Buffer.from(secret), Buffer.from([0xc3])]), { mode: 0o600 });
    expect(() => readAuthToken(path)).toThrowError(`${path} is not valid UTF-8`);
  });

  it('skips identical writes but still ends at 0600', () => {
    const path = join(makeTempDir(), '.auth_token');
    writeFileSync(path, 'same-token');
    chmodSync(path, 0o644);
    const before = statSync(path);
    expect(saveAuthToken(path, 'same-token\n')).toBe(false);
    const after = statSync(path);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.mode & 0o777).toBe(0o600);
  });

  it('replaces a file with other permissions atomically at 0600, under umask 000', () => {
    process.umask(0);
    const path = join(makeTempDir(), '.auth_token');
    writeFileSync(path, 'old-token', { mode: 0o666 });
    const secret = markedSecret('tok');
    expect(saveAuthToken(path, secret)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(secret);
    expect(lstatSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a symlink instead of following it', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'target'), 'elsewhere');
    symlinkSync(join(dir, 'target'), join(dir, '.auth_token'));
    let error: unknown;
    try {
      readAuthToken(join(dir, '.auth_token'));
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).toMatch(/symlink/);
    assertErrorHasNoLeak(error);
  });
});
