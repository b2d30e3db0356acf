/**
 * What a bearer's folder holds right now, as one string: each entry's name,
 * inode, size, times and (for files) a hash of its bytes. Two equal
 * fingerprints mean nothing in the folder changed in between: an atomic
 * replace gets a new inode and ctime, and a rewrite within one clock tick
 * (file times are coarse) still changes the bytes' hash.
 *
 * Dot entries (our temp and lock files) are left out, as the watch ignores
 * them too. Null when the folder cannot be read: no vouching for it.
 */
import { hash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A bearer's folder holds three small files; anything much larger is not worth hashing. */
const MAX_HASHED_BYTES = 1024 * 1024;

export function bearerFolderFingerprint(dir: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => !name.startsWith('.'))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'absent' : null;
  }
  const parts: string[] = [];
  try {
    for (const name of names) {
      const path = join(dir, name);
      const stat = lstatSync(path, { bigint: true });
      let bytes = '-';
      if (stat.isFile() && stat.size <= MAX_HASHED_BYTES)
        bytes = hash('sha256', readFileSync(path), 'hex');
      parts.push(
        [name, stat.ino, stat.mode, stat.size, stat.mtimeNs, stat.ctimeNs, bytes].join(':'),
      );
    }
  } catch {
    return null; // an entry went or changed under us: something is going on
  }
  return parts.join('\n');
}
