/**
 * Creating and removing a bearer's folder inside a root. The root itself may
 * be a symlink and is followed; nothing inside it ever is. Removal takes only
 * what is Credvault's: a bearer folder, its three files, our lock and our
 * temp files; anything else is named and nothing is removed.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync, isTempFileNameOf } from '../fs/atomic-write';
import { withFileLock, type LockOptions } from '../locks/file-lock';
import { quoteForMessage } from '../text/quote-for-message';
import { BEARER_FILES } from './bearer-file-codec';

/** The bearer lock: a folder in the bearer's folder (see README, "Lock protocol"). */
export const BEARER_LOCK_NAME = '.credvault.lock';

/** At most this many foreign names are quoted in a refusal. */
const MAX_NAMED = 10;

/**
 * Creates the root (0700) if it is missing. An existing root may be a
 * folder or a symlink to one (followed, its mode left as it is, like any
 * existing root's); anything else is an environment error naming it.
 */
export function ensureBearerRoot(root: string): void {
  try {
    ensurePrivateDirSync(root, { followLink: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && isSymlink(root)) {
      throw new VaultError(
        'environment',
        `the bearer root ${root} is a symlink to a folder that does not exist; nothing was created`,
        { cause: error },
      );
    }
    throw environmentError('create the bearer root', root, error);
  }
}

/** Creates the root and the bearer's folder (0700) if needed; refuses a symlink or a file there. */
export function ensureBearerFolder(root: string, id: string, dir: string): void {
  ensureBearerRoot(root);
  try {
    ensurePrivateDirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new VaultError(
        'bad-input',
        `bearer ${quoteForMessage(id)} is a symlink in ${root}; refusing to follow it (remove the link yourself if it is not wanted)`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new VaultError(
        'bad-input',
        `${dir} is not a folder; refusing to touch it (move it away yourself if it is not wanted)`,
      );
    }
    throw environmentError('create', dir, error);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** What an entry of a bearer folder is to `rm`. */
type EntryRole = 'bearer-file' | 'lock' | 'foreign';

function roleOf(dir: string, name: string): EntryRole {
  let info;
  try {
    info = lstatSync(join(dir, name));
  } catch {
    return 'bearer-file'; // gone meanwhile: nothing to keep
  }
  if (name === BEARER_LOCK_NAME) return info.isDirectory() ? 'lock' : 'foreign';
  // A folder under one of our names is not ours: unlink could not remove it anyway.
  if (info.isDirectory()) return 'foreign';
  if ((BEARER_FILES as readonly string[]).includes(name)) return 'bearer-file';
  const ourTemp = BEARER_FILES.some((file) => isTempFileNameOf(name, file));
  return ourTemp && info.isFile() ? 'bearer-file' : 'foreign';
}

/** Lists the folder; refuses, naming them, when it holds anything that is not ours. */
function entriesToRemove(root: string, id: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw environmentError('list', dir, error);
  }
  const foreign = names.filter((name) => roleOf(dir, name) === 'foreign');
  if (foreign.length > 0) {
    const shown = foreign.slice(0, MAX_NAMED).map((name) => quoteForMessage(name));
    if (foreign.length > MAX_NAMED) shown.push(`and ${foreign.length - MAX_NAMED} more`);
    throw new VaultError(
      'bad-input',
      `bearer ${quoteForMessage(id)} in ${root} also holds ${shown.join(', ')}; nothing was removed (rm removes only a bearer's three files and Credvault's own lock and temp files: move the others first)`,
    );
  }
  return names.filter((name) => name !== BEARER_LOCK_NAME);
}

/**
 * Deletes a bearer: its three files, Credvault's temp files and its folder,
 * under the bearer's lock (whose own release removes the lock folder). A
 * folder that also holds anything else is left whole, and so is a symlink or
 * a file where the folder should be: rm removes only bearer folders.
 */
export async function removeBearerFolder(
  root: string,
  id: string,
  dir: string,
  lockOptions: LockOptions,
): Promise<void> {
  let info;
  try {
    info = lstatSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new VaultError('not-found', `no bearer ${quoteForMessage(id)} in ${root}`);
    }
    throw environmentError('inspect', dir, error);
  }
  if (!info.isDirectory()) {
    const what = info.isSymbolicLink() ? 'a symlink' : 'a file';
    throw new VaultError(
      'bad-input',
      `${quoteForMessage(id)} in ${root} is ${what}, not a bearer folder; nothing was removed (rm removes only bearer folders)`,
    );
  }
  // Checked before the lock, so a folder that is not ours is never touched,
  // and again under it, in case something arrived meanwhile.
  entriesToRemove(root, id, dir);
  await withFileLock(
    join(dir, BEARER_LOCK_NAME),
    () => {
      for (const name of entriesToRemove(root, id, dir)) {
        try {
          unlinkSync(join(dir, name));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
            throw environmentError('remove', join(dir, name), error);
        }
      }
    },
    lockOptions,
  );
  try {
    rmdirSync(dir);
  } catch (error) {
    // Another process put a new record in meanwhile (it stays), or removed the folder itself.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT')
      throw environmentError('remove', dir, error);
  }
}
