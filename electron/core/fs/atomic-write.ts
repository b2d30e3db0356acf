/**
 * Crash-safe file replacement. `write-file-atomic` does not fit a vault: its
 * temp file is not opened exclusively, it follows symlinks through realpath and
 * it never fsyncs the folder. Here: an exclusive temp file at 0600 in the same
 * folder (a dot name, so listings skip it), written, fsynced, renamed over the
 * target (a symlink at the target is replaced, never followed), then the folder
 * fsynced so the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  chmodSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Temp files are `.<target>.<random>.tmp`: dot-prefixed so every listing ignores them. */
const TEMP_FILE_PATTERN = /^\..+\.[0-9a-f]{12}\.tmp$/;

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export function isTempFileName(name: string): boolean {
  return TEMP_FILE_PATTERN.test(name);
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const temp = tempPathFor(target);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(temp, flags, PRIVATE_FILE_MODE);
  let renamed = false;
  try {
    // The umask may have stripped bits from the mode given to open(): set it
    // exactly, before any secret byte is written.
    fchmodSync(fd, PRIVATE_FILE_MODE);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, target);
    renamed = true;
  } finally {
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
      try {
        unlinkSync(temp);
      } catch {
        // nothing to clean
      }
    }
  }
  fsyncDirSync(dirname(target));
}

export function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `dir` (and missing parents) as a private folder, or checks that an
 * existing one is a real folder, not a symlink. The mode is set explicitly
 * because mkdir's mode is filtered by the umask.
 */
export function ensurePrivateDirSync(dir: string): void {
  let created = false;
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR_MODE });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      created = true;
    } else if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }
  const info = lstatSync(dir);
  if (!info.isDirectory()) {
    const err = new Error(`${dir} is not a folder`) as NodeJS.ErrnoException;
    err.code = info.isSymbolicLink() ? 'ELOOP' : 'ENOTDIR';
    throw err;
  }
  if (created) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Removes temp files a crashed writer left in `dir`. Only files older than
 * `minAgeMs` go: a younger one may belong to a write in flight elsewhere.
 */
export function removeStaleTempFilesSync(dir: string, nowMs: number, minAgeMs = 60_000): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!isTempFileName(name)) continue;
    const path = join(dir, name);
    try {
      const info = statSync(path);
      if (nowMs - info.mtimeMs >= minAgeMs) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
