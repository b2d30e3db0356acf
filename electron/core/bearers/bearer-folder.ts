/**
 * Creating and removing a bearer's folder inside a root, never following a
 * symlink and never removing what is not ours.
 */
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync } from '../fs/atomic-write';
import { withFileLock, type LockOptions } from '../locks/file-lock';
import { quoteForMessage } from '../text/quote-for-message';
import { BEARER_FILES } from './bearer-file-codec';

/** The bearer lock: a folder in the bearer's folder (see README, "Lock protocol"). */
export const BEARER_LOCK_NAME = '.credvault.lock';

/** Creates the root and the bearer's folder (0700) if needed; refuses a symlink or a file there. */
export function ensureBearerFolder(root: string, id: string, dir: string): void {
  try {
    ensurePrivateDirSync(root);
  } catch (error) {
    throw environmentError('create the bearer root', root, error);
  }
  try {
    ensurePrivateDirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new VaultError(
        'bad-input',
        `bearer ${quoteForMessage(id)} is a symlink in ${root}; refusing to follow it (bearers rm removes the link)`,
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw new VaultError(
        'bad-input',
        `${dir} is not a folder; refusing to touch it (bearers rm removes it)`,
      );
    }
    throw environmentError('create', dir, error);
  }
}

/**
 * Deletes a bearer: its three files, Credvault's dot files (temp files, the
 * lock) and its folder, under the bearer's lock. A folder that also holds
 * files of someone else's is left whole; a symlink or stray file where the
 * folder should be is removed itself, never what it points to.
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
    // A symlink or stray file where a bearer should be: remove the entry
    // itself, never what a symlink points to.
    try {
      unlinkSync(dir);
    } catch (error) {
      throw environmentError('remove', dir, error);
    }
    return;
  }
  const foreign = readdirSync(dir).filter(
    (name) => !name.startsWith('.') && !(BEARER_FILES as readonly string[]).includes(name),
  );
  if (foreign.length > 0) {
    throw new VaultError(
      'bad-input',
      `bearer folder ${dir} also holds ${foreign.map((n) => quoteForMessage(n)).join(', ')}; nothing was removed (move those first)`,
    );
  }
  await withFileLock(
    join(dir, BEARER_LOCK_NAME),
    () => {
      try {
        for (const name of readdirSync(dir)) {
          if (name === BEARER_LOCK_NAME) continue;
          unlinkSync(join(dir, name));
        }
      } catch (error) {
        throw environmentError('remove files in', dir, error);
      }
    },
    lockOptions,
  );
  try {
    rmdirSync(dir);
  } catch (error) {
    // Another process put a new record in meanwhile: it stays.
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY')
      throw environmentError('remove', dir, error);
  }
}
