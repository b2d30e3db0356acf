/**
 * A workspace token file (`.auth_token`): one token, no trailing newline, mode
 * 0600, with the seed's semantics: reading strips white space and treats an
 * empty or missing file as "no token"; saving refuses an empty token and skips
 * the write when the same token is already stored. Unlike the seed, the write
 * is atomic (a crash never leaves an empty file) and an existing file ends at
 * 0600 whatever mode it had. A symlink is refused, never followed.
 */
import { chmodSync } from 'node:fs';
import { readSmallFileSync } from '../fs/read-small-file';
import { dirname } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { PRIVATE_FILE_MODE, ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';

const MAX_TOKEN_FILE_BYTES = 64 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The stored token, or null when the file is missing or blank. */
export function readAuthToken(path: string): string | null {
  const bytes = readSmallFileSync(path, { maxBytes: MAX_TOKEN_FILE_BYTES, kind: 'a token file' });
  if (bytes === null) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new VaultError('bad-input', `${path} is not valid UTF-8`);
  }
  const token = text.trim();
  return token === '' ? null : token;
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
