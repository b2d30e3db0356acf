/**
 * Reads one of the small files the vault shares or owns (key file, token file,
 * provider config, secrets): never through a symlink, never blocking on a
 * FIFO, never past a size cap, optionally refusing a file others can read.
 * Returns null when the file does not exist. Errors never quote contents.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { VaultError, environmentError } from '../errors';

export interface SmallFileRules {
  maxBytes: number;
  /** What the file is, for the too-large message ("a key file"). */
  kind: string;
  /** Refuse a file with group or other permission bits (it holds secrets). */
  requirePrivate?: boolean;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

export function readSmallFileSync(path: string, rules: SmallFileRules): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') {
      throw new VaultError('bad-input', `${path} is a symlink; refusing to follow it`);
    }
    throw environmentError('read', path, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new VaultError('bad-input', `${path} is not a regular file`);
    if (rules.requirePrivate && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
      throw new VaultError(
        'bad-input',
        `${path} has loose permissions 0${mode} (must be 0600); fix it with chmod 600`,
      );
    }
    if (info.size > rules.maxBytes) {
      throw new VaultError(
        'bad-input',
        `${path} is larger than ${sizeText(rules.maxBytes)}: not ${rules.kind}`,
      );
    }
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
