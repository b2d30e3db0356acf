/**
 * Crash-safe file replacement. `write-file-atomic` does not fit a vault: its
 * temp file is not opened exclusively, it follows symlinks through realpath and
 * it never fsyncs the folder. Here: an exclusive temp file at 0600 in the same
 * folder (a dot name, so listings skip it), written, fsynced, renamed over the
 * target (a symlink at the target is replaced, never followed), then the folder
 * fsynced so the rename itself survives a power cut.
 *
 * A write killed before its rename leaves its temp file behind, holding the
 * whole secret. Every write first removes the target's own temp files that
 * are older than a minute, so one crash never leaves a copy for good.
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
const TEMP_SUFFIX = /^[0-9a-f]{12}\.tmp$/;

/**
 * A temp file younger than this may belong to a write still in flight (in
 * another process, say); an older one was left by a write that died.
 */
export const STALE_TEMP_FILE_AGE_MS = 60_000;

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Whether `name` is one of our temp files, for any target. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE_PATTERN.test(name);
}

/** Whether `name` is one of our temp files for the file named `targetName`. */
export function isTempFileNameOf(name: string, targetName: string): boolean {
  const prefix = `.${targetName}.`;
  return name.startsWith(prefix) && TEMP_SUFFIX.test(name.slice(prefix.length));
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const targetName = basename(target);
  removeStaleTempFilesSync(dirname(target), Date.now(), STALE_TEMP_FILE_AGE_MS, (name) =>
    isTempFileNameOf(name, targetName),
  );
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

export interface PrivateDirOptions {
  /**
   * Accept a symlink to a folder at `dir` itself (a bearer root may be one,
   * see README "Bearer root"). Only `dir` is followed, never anything in it,
   * and an existing folder keeps its mode, as one that is not a link does.
   */
  followLink?: boolean;
}

/**
 * Creates `dir` (and missing parents) as a private folder, or checks that an
 * existing one is a real folder, not a symlink (unless `followLink`). The
 * mode is set explicitly because mkdir's mode is filtered by the umask.
 */
export function ensurePrivateDirSync(dir: string, options: PrivateDirOptions = {}): void {
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
  // statSync follows the link, and fails with ENOENT when its target is missing.
  const info = options.followLink ? statSync(dir) : lstatSync(dir);
  if (!info.isDirectory()) {
    const err = new Error(`${dir} is not a folder`) as NodeJS.ErrnoException;
    err.code = info.isSymbolicLink() ? 'ELOOP' : 'ENOTDIR';
    throw err;
  }
  if (created) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Removes temp files a crashed writer left in `dir` (by default ours for any
 * target; `isOurs` narrows that). Only regular files older than `minAgeMs`
 * go: a younger one may belong to a write in flight elsewhere, and a symlink
 * or folder under such a name was not made by us. Best effort: a folder that
 * cannot be listed is left for the write itself to report.
 */
export function removeStaleTempFilesSync(
  dir: string,
  nowMs: number,
  minAgeMs = STALE_TEMP_FILE_AGE_MS,
  isOurs: (name: string) => boolean = isTempFileName,
): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!isOurs(name)) continue;
    const path = join(dir, name);
    try {
      const info = lstatSync(path);
      if (info.isFile() && nowMs - info.mtimeMs >= minAgeMs) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
