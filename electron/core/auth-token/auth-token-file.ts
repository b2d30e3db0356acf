/**
 * A workspace token file (`.auth_token`): one token, no trailing newline, mode
 * 0600, with the seed's semantics: reading strips white space and treats an
 * empty or missing file as "no token"; saving refuses an empty token and skips
 * the write when the same token is already stored. Unlike the seed, the write
 * is atomic (a crash never leaves an empty file) and an existing file ends at
 * 0600 whatever mode it had. A symlink is refused, never followed.
 */
import { chmodSync, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { PRIVATE_FILE_MODE, ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';

const MAX_TOKEN_FILE_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The stored token, or null when the file is missing or blank. */
export function readAuthToken(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP')
      throw new VaultError('bad-input', `${path} is a symlink; refusing to follow it`);
    throw environmentError('read', path, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new VaultError('bad-input', `${path} is not a regular file`);
    if (info.size > MAX_TOKEN_FILE_BYTES)
      throw new VaultError('bad-input', `${path} is larger than 64 KiB: not a token file`);
    const buffer = Buffer.alloc(info.size);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    let text: string;
    try {
      text = utf8.decode(buffer.subarray(0, length));
    } catch {
      throw new VaultError('bad-input', `${path} is not valid UTF-8`);
    }
    const token = text.trim();
    return token === '' ? null : token;
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw environmentError('read', path, error);
  } finally {
    closeSync(fd);
  }
}

/** Saves `token` (stripped). Returns false when the same token was already stored. */
export function saveAuthToken(path: string, token: string): boolean {
  const stripped = token.trim();
  if (stripped === '')
    throw new VaultError('bad-input', `refusing to save an empty token to ${path}`);
  if (readAuthToken(path) === stripped) {
    try {
      chmodSync(path, PRIVATE_FILE_MODE);
    } catch (error) {
      throw environmentError('set permissions on', path, error);
    }
    return false;
  }
  try {
    ensurePrivateDirSync(dirname(path));
    writeFileAtomicSync(path, stripped);
  } catch (error) {
    throw environmentError('write', path, error);
  }
  return true;
}
