/**
 * Reads the vault's own small files (provider config, links, secrets) the way
 * bearer files are read: never through a symlink, never a FIFO, never a file
 * others can read or write, never past a size cap. Returns null when absent.
 * Reasons never quote contents.
 */
import { VaultError } from '../errors';
import { readSmallFileSync } from '../fs/read-small-file';

export const MAX_PRIVATE_FILE_BYTES = 1024 * 1024;

export function readPrivateFile(path: string, maxBytes = MAX_PRIVATE_FILE_BYTES): Buffer | null {
  return readSmallFileSync(path, { maxBytes, kind: 'a vault file', requirePrivate: true });
}

/** JSON from one of our files; the parse error is ours, since JSON.parse's quotes its input. */
export function readPrivateJson(path: string): unknown {
  const bytes = readPrivateFile(path);
  if (bytes === null) return null;
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new VaultError('bad-input', `${path} is not valid JSON`);
  }
}
