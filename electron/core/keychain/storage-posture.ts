/**
 * What the storage posture view counts without any key: files or folders of
 * a root that group or others may read, and provider client secrets by form.
 * (Records per form come from the store's own list, which opens them.)
 */
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { looksEncrypted } from './secret-box';

/** Group and other permission bits: anything here lets someone else in. */
const OTHERS_MAY_ACCESS = 0o077;

/**
 * The root folder, each bearer folder and each file in it whose mode lets
 * group or others in (symlinks are not followed: their own mode means
 * nothing). A root that is not there counts none.
 */
export function countLoosePermissions(root: string): number {
  let loose = 0;
  const check = (path: string): boolean => {
    try {
      const stats = lstatSync(path);
      if (!stats.isSymbolicLink() && (stats.mode & OTHERS_MAY_ACCESS) !== 0) loose++;
      return stats.isDirectory();
    } catch {
      return false;
    }
  };
  if (!check(root)) return loose;
  for (const name of safeReaddir(root)) {
    if (name.startsWith('.')) {
      check(join(root, name));
      continue;
    }
    const dir = join(root, name);
    if (!check(dir)) continue;
    for (const file of safeReaddir(dir)) check(join(dir, file));
  }
  return loose;
}

/** Provider client secrets (`<home>/secrets/*.secret.json`) by their form at rest. */
export function countProviderSecrets(dir: string): { plain: number; encrypted: number } {
  const counts = { plain: 0, encrypted: 0 };
  for (const name of safeReaddir(dir)) {
    if (!name.endsWith('.secret.json')) continue;
    let secret: unknown;
    try {
      secret = (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { secret?: unknown }).secret;
    } catch {
      continue; // a damaged file holds no secret to count; reading it reports why
    }
    if (typeof secret !== 'string') continue;
    if (looksEncrypted(secret)) counts.encrypted++;
    else counts.plain++;
  }
  return counts;
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
