/**
 * The API key file: mint, validate, list, revoke.
 *
 * Several Credvault processes (the app, CLIs, scripts) may change the file at
 * once. Every read-modify-write holds the file's lock (`.<file>.lock` next to
 * it, see file-lock.ts) and re-reads the file inside it, so a key another
 * process added a moment ago is never written away. Reads take no lock: the
 * file is only ever replaced by an atomic rename, so a reader sees a whole
 * old or a whole new file.
 */
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ApiKeyInfo, MintedApiKeySecret } from '@shared/domain/api-key';
import { DEFAULT_API_KEY_PREFIX } from '@shared/domain/api-key';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync } from '../fs/atomic-write';
import { withFileLock, type LockOptions } from '../locks/file-lock';
import { systemClock, type Clock } from '../ports/clock';
import { quoteForMessage } from '../text/quote-for-message';
import {
  checkEntry,
  emptyKeyFile,
  entryInfo,
  findEntryByHash,
  newKeyEntry,
  parseKeyFileText,
  readKeyFile,
  readKeyFileText,
  writeKeyFile,
  type KeyEntry,
  type KeyFile,
} from './key-file';
import {
  checkHashPrefix,
  checkKeyName,
  checkKeyPrefix,
  generateApiKey,
  hashApiKey,
  refuseSecretShapedKeyName,
} from './key-material';
import { formatKeyTime, parseKeyTimeMs } from './key-time';
import type { JsonValue } from '../text/lossless-json';

/** last_used is written at most this often per key, so validating stays a read. */
export const LAST_USE_INTERVAL_MS = 60_000;

export interface ApiKeyStoreOptions {
  path: string;
  clock?: Clock;
  lock?: LockOptions;
  /** Prefix of minted keys (default `oxios_`, the seed's). */
  prefix?: string;
  /**
   * Whether a missing file simply holds no keys (true, the default: the
   * vault's own key file before the first mint). A file the user named must
   * exist: a typo in its path would otherwise read as "no keys" or "invalid
   * key", answers that are wrong and look right.
   */
  mayBeAbsent?: boolean;
}

export interface MintOptions {
  prefix?: string;
}

export interface MintResult extends MintedApiKeySecret {
  /** Whether this mint created the key file (a user should know a new file now exists). */
  createdFile: boolean;
}

export interface KeyValidation {
  name: string;
  hashHex: string;
  /** Whether this call wrote last_used (at most once a minute per key). */
  recordedUse: boolean;
  /**
   * Why last_used could not be written (read-only file, lock timeout). The
   * key is valid all the same: a caller who may only read the file can still
   * check keys.
   */
  recordError: VaultError | null;
}

/** Whether a stored last_used is due for a rewrite at `nowMs`. */
export function isUseDue(lastUsed: string | null, nowMs: number): boolean {
  if (lastUsed === null) return true;
  const lastMs = parseKeyTimeMs(lastUsed);
  if (lastMs === null) return true;
  // A time more than a minute ahead was written by a wrong clock: correct it
  // rather than never record a use again.
  return nowMs - lastMs >= LAST_USE_INTERVAL_MS || lastMs - nowMs >= LAST_USE_INTERVAL_MS;
}

export class ApiKeyStore {
  readonly path: string;
  readonly lockPath: string;
  readonly prefix: string;
  private readonly clock: Clock;
  private readonly lockOptions: LockOptions;
  private readonly mayBeAbsent: boolean;
  /**
   * The file as this store last wrote it. While the bytes on disk are still
   * exactly those, the next change under the lock reuses it instead of parsing
   * again: parsing is most of a mint's time, and other writers wait for it.
   */
  private written: { text: string; file: KeyFile } | null = null;

  constructor(options: ApiKeyStoreOptions) {
    this.path = options.path;
    this.lockPath = join(dirname(options.path), `.${basename(options.path)}.lock`);
    this.prefix = checkKeyPrefix(options.prefix ?? DEFAULT_API_KEY_PREFIX);
    this.clock = options.clock ?? systemClock;
    this.lockOptions = options.lock ?? {};
    this.mayBeAbsent = options.mayBeAbsent ?? true;
  }

  /** Every entry in file order; malformed ones carry `error`. No file: no keys. */
  list(): ApiKeyInfo[] {
    const file = this.readExisting();
    if (file === null) return [];
    return file.entries.map((raw, index) => {
      const check = checkEntry(raw, index);
      return check.ok ? entryInfo(check.entry) : check.info;
    });
  }

  /** A new key: stored as its hash, returned in clear this once. */
  async mint(name: string, options: MintOptions = {}): Promise<MintResult> {
    checkKeyName(name);
    const key = generateApiKey(checkKeyPrefix(options.prefix ?? this.prefix));
    const hashHex = hashApiKey(key);
    this.ensureFolder();
    const { createdAt, createdFile } = await this.withLock(() => {
      const existing = this.readHoldingLock();
      const file = existing ?? emptyKeyFile();
      // Taken inside the lock, so created_at follows the order of the file.
      const now = formatKeyTime(this.clock.nowMs());
      file.entries.push(newKeyEntry(hashHex, name, now));
      this.writeHoldingLock(file);
      return { createdAt: now, createdFile: existing === null };
    });
    return { name, key, hashHex, createdAt, createdFile };
  }

  /**
   * The key's entry, or null when no well-formed entry holds its hash. Records
   * the use in last_used only when the file's value is a minute old or more,
   * checked again under the lock, so a burst of validations from any number
   * of processes writes the file about once a minute per key.
   */
  async validate(key: string): Promise<KeyValidation | null> {
    if (key === '') return null;
    const hashHex = hashApiKey(key);
    const file = this.readExisting();
    const found = file && findEntryByHash(file, hashHex);
    if (!found) return null;
    if (!isUseDue(found.lastUsed, this.clock.nowMs())) {
      return { name: found.name, hashHex, recordedUse: false, recordError: null };
    }
    try {
      const outcome = await this.withLock((): { entry: KeyEntry | null; recorded: boolean } => {
        const current = this.readHoldingLock();
        const entry = current && findEntryByHash(current, hashHex);
        if (!current || !entry) return { entry: null, recorded: false }; // revoked meanwhile
        const now = this.clock.nowMs();
        if (!isUseDue(entry.lastUsed, now)) return { entry, recorded: false };
        entry.raw.set('last_used', formatKeyTime(now));
        this.writeHoldingLock(current);
        return { entry, recorded: true };
      });
      if (outcome.entry === null) return null;
      return {
        name: outcome.entry.name,
        hashHex,
        recordedUse: outcome.recorded,
        recordError: null,
      };
    } catch (error) {
      if (error instanceof VaultError)
        return { name: found.name, hashHex, recordedUse: false, recordError: error };
      throw error;
    }
  }

  /** Removes every key named `name`; returns what was removed. */
  async revokeByName(name: string): Promise<ApiKeyInfo[]> {
    if (name === '') throw new VaultError('bad-input', 'a key name cannot be empty');
    // A key given where a name belongs is refused, never echoed in the error.
    refuseSecretShapedKeyName(name, {
      keyPrefix: this.prefix,
      hint: 'a key stored under such a name by mistake: revoke it with --hash, see keys list',
    });
    const shown = `named ${quoteForMessage(name)}`;
    return this.removeWhere(
      (entry) => entry.name === name,
      (matches) => {
        if (matches.length === 0)
          throw new VaultError('not-found', `no key ${shown} in ${this.path}`);
      },
    );
  }

  /** Removes the one key whose hash starts with `hashPrefix` (8 to 64 hex digits). */
  async revokeByHashPrefix(hashPrefix: string): Promise<ApiKeyInfo[]> {
    const prefix = checkHashPrefix(hashPrefix);
    return this.removeWhere(
      (entry) => entry.hashHex.startsWith(prefix),
      (matches) => {
        if (matches.length === 0)
          throw new VaultError(
            'not-found',
            `no key whose hash starts with ${prefix} in ${this.path}`,
          );
        const distinct = new Set(matches.map((entry) => entry.hashHex)).size;
        if (distinct > 1) {
          throw new VaultError(
            'bad-input',
            `hash prefix ${prefix} matches ${distinct} keys in ${this.path}; give more digits`,
          );
        }
      },
    );
  }

  /** Runs `fn` holding the key file's lock. */
  withLock<T>(fn: () => Promise<T> | T): Promise<T> {
    return withFileLock(this.lockPath, fn, this.lockOptions);
  }

  private async removeWhere(
    matches: (entry: KeyEntry) => boolean,
    refuse: (found: KeyEntry[]) => void,
  ): Promise<ApiKeyInfo[]> {
    // A first look without the lock: no file means nothing to revoke, and a
    // folder that does not exist could not hold the lock anyway.
    if (this.readExisting() === null) refuse([]);
    return this.withLock(() => {
      const file: KeyFile = this.readHoldingLock() ?? emptyKeyFile();
      const found: KeyEntry[] = [];
      const kept: JsonValue[] = [];
      file.entries.forEach((raw, index) => {
        const check = checkEntry(raw, index);
        if (check.ok && matches(check.entry)) found.push(check.entry);
        else kept.push(raw); // malformed entries never match, and stay
      });
      refuse(found);
      // In place: `entries` is the array inside `root` that gets written.
      file.entries.length = 0;
      for (const raw of kept) file.entries.push(raw);
      this.writeHoldingLock(file);
      return found.map(entryInfo);
    });
  }

  /** The file without the lock; null when it is absent and may be. */
  private readExisting(): KeyFile | null {
    const file = readKeyFile(this.path);
    if (file === null && !this.mayBeAbsent) {
      throw new VaultError('bad-input', `key file ${this.path} does not exist`);
    }
    return file;
  }

  /** The file as it is on disk now; the caller holds the lock and may change what it gets. */
  private readHoldingLock(): KeyFile | null {
    const cached = this.written;
    // Dropped first: a change made to it that then fails to be written must
    // not come back with the next read.
    this.written = null;
    const text = readKeyFileText(this.path);
    if (text === null) return null;
    return cached !== null && cached.text === text
      ? cached.file
      : parseKeyFileText(text, this.path);
  }

  private writeHoldingLock(file: KeyFile): void {
    this.written = { text: writeKeyFile(this.path, file), file };
  }

  /** The key file's folder, created private when missing. An existing one is left as it is. */
  private ensureFolder(): void {
    const dir = dirname(this.path);
    try {
      if (statSync(dir).isDirectory()) return;
      throw new VaultError(
        'bad-input',
        `${dir} is not a folder; cannot keep ${basename(this.path)} there`,
      );
    } catch (error) {
      if (error instanceof VaultError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw environmentError('inspect', dir, error);
    }
    try {
      ensurePrivateDirSync(dir);
    } catch (error) {
      throw environmentError('create', dir, error);
    }
  }
}
