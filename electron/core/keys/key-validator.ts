/**
 * Key checks for hot paths (a server checking every request): the file is
 * read once, then each check is one SHA-256 and one Map lookup, over a
 * million a second on one core. It records no last_used and does not see
 * later changes to the file: build a new one (or use ApiKeyStore.validate)
 * when that matters.
 *
 * Looking up the hash is not a timing leak worth guarding: learning how much
 * of a SHA-256 matches tells an attacker nothing about a key that would
 * produce it.
 */
import { checkEntry, readKeyFile } from './key-file';
import { hashApiKey } from './key-material';

export class ApiKeyValidator {
  private constructor(private readonly namesByHash: ReadonlyMap<string, string>) {}

  /** The well-formed keys of the file at `path` (none when it is missing). */
  static fromFile(path: string): ApiKeyValidator {
    const file = readKeyFile(path);
    const names = new Map<string, string>();
    file?.entries.forEach((raw, index) => {
      const check = checkEntry(raw, index);
      // The first entry wins, as in ApiKeyStore.validate.
      if (check.ok && !names.has(check.entry.hashHex))
        names.set(check.entry.hashHex, check.entry.name);
    });
    return new ApiKeyValidator(names);
  }

  get size(): number {
    return this.namesByHash.size;
  }

  /** The key's name, or null when it is not a valid key. */
  validate(key: string): string | null {
    return this.namesByHash.get(hashApiKey(key)) ?? null;
  }
}
