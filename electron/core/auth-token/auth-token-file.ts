/**
 * A workspace token file (`.auth_token`): one token, no trailing newline, mode
 * 0600, with the seed's semantics: reading strips white space and treats an
 * empty or missing file as "no token"; saving refuses an empty token and skips
 * the write when the same token is already stored. Unlike the seed, the write
 * is atomic (a crash never leaves an empty file) and an existing file ends at
 * 0600 whatever mode it had. A symlink is refused, never followed.
 */
import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { PRIVATE_FILE_MODE, ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import { readSmallFileSync } from '../fs/read-small-file';
import { decodeUtf8Strict, hasLoneSurrogate } from '../text/strict-utf8';

const MAX_TOKEN_FILE_BYTES = 64 * 1024;

/** The stored token, or null when the file is missing or blank. */
export function readAuthToken(path: string): string | null {
  const bytes = readSmallFileSync(path, { maxBytes: MAX_TOKEN_FILE_BYTES, kind: 'a token file' });
  if (bytes === null) return null;
  const token = decodeUtf8Strict(bytes, path).trim();
  return token === '' ? null : token;
}

/** Saves `token` (stripped). Returns false when the same token was already stored. */
export function saveAuthToken(path: string, token: string): boolean {
  const stripped = token.trim();
  if (stripped === '')
    throw new VaultError('bad-input', `refusing to save an empty token to ${path}`);
  // UTF-8 cannot hold it: writing would silently store U+FFFD instead.
  if (hasLoneSurrogate(stripped))
    throw new VaultError(
      'bad-input',
      `refusing to save a token holding an unpaired surrogate to ${path}`,
    );
  if (Buffer.byteLength(stripped) > MAX_TOKEN_FILE_BYTES)
    throw new VaultError('bad-input', `refusing to save a token larger than 64 KiB to ${path}`);
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
