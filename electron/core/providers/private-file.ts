/**
 * Reads the vault's own small files (provider config, links, secrets) the way
 * bearer files are read: never through a symlink, never a FIFO, never a file
 * others can read or write, never past a size cap. Returns null when absent.
 * Reasons never quote contents.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { VaultError, environmentError } from '../errors';

export const MAX_PRIVATE_FILE_BYTES = 1024 * 1024;

export function readPrivateFile(path: string, maxBytes = MAX_PRIVATE_FILE_BYTES): Buffer | null {
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
    if ((info.mode & 0o077) !== 0) {
      throw new VaultError(
        'bad-input',
        `${path} has loose permissions 0${(info.mode & 0o777).toString(8)} (must be 0600); fix it with chmod 600`,
      );
    }
    if (info.size > maxBytes)
      throw new VaultError(
        'bad-input',
        `${path} is larger than ${Math.round(maxBytes / 1024)} KiB`,
      );
    const buffer = Buffer.alloc(info.size);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw environmentError('read', path, error);
  } finally {
    closeSync(fd);
  }
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
