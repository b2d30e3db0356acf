/**
 * The bearers of one broker root (the seed broker's layout): list, show, put,
 * delete, and a watch that keeps an in-memory cache honest.
 *
 * Writes: refresh token first, then access token, expiry last, each an atomic
 * replace, under the bearer's lock (`.credvault.lock` in its folder), so a
 * crash never loses a rotated refresh token and the expiry always marks a
 * finished write; then checked, against writers that take no lock
 * (bearer-record-writer.ts). Reads never take the lock: readers are never
 * blocked.
 *
 * The keychain layer (bearer-at-rest.ts): token files in the encrypted form
 * are opened on the way out, and a write into a root flagged encrypted is
 * sealed on the way in (refused, never written in plain text, when the key
 * is not available). The root's keys are asked for only then.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BearerRecordInput, BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import { DEFAULT_NEAR_EXPIRY_WINDOW_S } from '@shared/domain/bearer';
import { VaultError, environmentError } from '../errors';
import { keyToSealWith, refuseEncryptedLookalikes, sealRecord } from '../keychain/bearer-sealing';
import { isRootEncrypted } from '../keychain/root-id';
import { withFileLock, type LockOptions } from '../locks/file-lock';
import { nowUnixSeconds, systemClock, type Clock } from '../ports/clock';
import { quoteForMessage } from '../text/quote-for-message';
import {
  NO_KEYCHAIN,
  needsKeys,
  openRead,
  type OpenedRead,
  type RootKeySource,
} from './bearer-at-rest';
import { checkBearerId, isValidBearerId } from './bearer-id';
import { checkBearerRecordInput } from './bearer-input';
import { BEARER_FILES, type BearerFileName } from './bearer-file-codec';
import type { Pass } from './bearer-folder-pass';
import {
  DEFAULT_READ_DEADLINE_MS,
  decodePass,
  settleRead,
  tryReadNow,
  type BearerRead,
  type BearerRecord,
} from './bearer-record-reader';
import { writeRecordWhole, type WriteReport } from './bearer-record-writer';
import { reveal, summarize } from './bearer-summary';
import { watchBearerRoot, type RootWatch } from './bearer-watch';
import { BEARER_LOCK_NAME, ensureBearerFolder, removeBearerFolder } from './bearer-folder';

export { BEARER_LOCK_NAME } from './bearer-folder';

export interface BearerStoreOptions {
  root: string;
  clock?: Clock;
  nearExpiryWindowS?: number;
  readDeadlineMs?: number;
  lock?: LockOptions;
  /** Tests only: runs after each file a write replaces, to play another writer on cue. */
  onFileReplaced?: (file: BearerFileName) => void;
  /** Told after each write or removal of a bearer through this store (a session announces them). */
  onOwnWrite?: (id: string) => void;
  /** The keychain layer's keys for this root (default: none, so encrypted records are locked). */
  keys?: RootKeySource;
}

export interface PutOptions {
  /** Overwrite a bearer whose files are invalid (or busy). */
  force?: boolean;
}

export interface PutOutcome {
  /** What was written, as `show` would see it. */
  bearer: BearerSummary;
  /** Another program wrote the bearer at the same time (see bearer-record-writer.ts). */
  conflict: string | null;
}

/** A record fit to serve, and what a user should know about its files. */
export interface ServedRecord {
  record: BearerRecord;
  warning: string | null;
  storage: 'plain' | 'encrypted';
}

/** A write's report, and the form the record took at rest. */
export interface StoredWriteReport extends WriteReport {
  storage: 'plain' | 'encrypted';
}

export class BearerStore {
  readonly root: string;
  readonly nearExpiryWindowS: number;
  private readonly clock: Clock;
  private readonly readDeadlineMs: number;
  private readonly lockOptions: LockOptions;
  private readonly onFileReplaced: ((file: BearerFileName) => void) | undefined;
  private readonly onOwnWrite: ((id: string) => void) | undefined;
  private readonly keys: RootKeySource;
  /**
   * Filled only while a watch is running: the watch is what keeps it true.
   * Holds records opened (as served); never a locked or busy one, which the
   * next list looks at again.
   */
  private cache: Map<string, OpenedRead> | null = null;
  private cachedIds: string[] | null = null;
  /** What our last write of each bearer left on disk: lets the next one skip a settle wait. */
  private readonly lastLanded = new Map<string, Pass>();

  constructor(options: BearerStoreOptions) {
    this.root = options.root;
    this.clock = options.clock ?? systemClock;
    this.nearExpiryWindowS = options.nearExpiryWindowS ?? DEFAULT_NEAR_EXPIRY_WINDOW_S;
    this.readDeadlineMs = options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS;
    this.lockOptions = options.lock ?? {};
    this.onFileReplaced = options.onFileReplaced;
    this.onOwnWrite = options.onOwnWrite;
    this.keys = options.keys ?? NO_KEYCHAIN;
  }

  bearerDir(id: string): string {
    return join(this.root, checkBearerId(id));
  }

  /** Every entry of the root but dot entries, sorted by id; bad ones as `invalid` or `busy`. */
  async list(): Promise<BearerSummary[]> {
    const ids = this.listIds();
    const reads = new Map<string, OpenedRead>();
    const stored = new Map<string, BearerRead>();
    const pending: Array<Promise<void>> = [];
    for (const id of ids) {
      const cached = this.cache?.get(id);
      if (cached) {
        reads.set(id, cached);
        continue;
      }
      if (!isValidBearerId(id)) {
        reads.set(id, {
          kind: 'invalid',
          reason: 'folder name is not a valid bearer id',
          storage: 'plain',
        });
        continue;
      }
      const dir = join(this.root, id);
      const now = tryReadNow(dir);
      if ('read' in now) stored.set(id, now.read);
      else
        pending.push(
          settleRead(dir, now.pending, this.readDeadlineMs).then((read) => {
            stored.set(id, read);
          }),
        );
    }
    await Promise.all(pending);
    // The keychain is asked once per list, and only when a record is encrypted.
    const keys = [...stored.values()].some(needsKeys) ? await this.keys() : null;
    for (const [id, read] of stored) {
      // Deleted between readdir and read: it is gone, not invalid.
      if (read.kind === 'absent') continue;
      this.remember(id, openRead(read, keys, this.root, id), reads);
    }
    const nowUnix = nowUnixSeconds(this.clock);
    const summaries: BearerSummary[] = [];
    for (const id of ids) {
      const read = reads.get(id);
      if (read === undefined) continue;
      summaries.push(summarize(id, read, nowUnix, this.nearExpiryWindowS));
    }
    return summaries;
  }

  /** The bearer's summary; a not-found error when there is none. */
  async show(id: string): Promise<BearerSummary> {
    const read = await this.readOpened(id);
    return summarize(id, read, nowUnixSeconds(this.clock), this.nearExpiryWindowS);
  }

  /** The bearer with its secrets: only for a user who asked to reveal it. */
  async reveal(id: string): Promise<RevealedBearer> {
    const { record, warning, storage } = await this.readServedRecord(id);
    return reveal(id, record, warning, nowUnixSeconds(this.clock), this.nearExpiryWindowS, storage);
  }

  /** The record from disk (never the cache); throws if absent, invalid or busy. */
  async readValidRecord(id: string): Promise<BearerRecord> {
    return (await this.readServedRecord(id)).record;
  }

  /**
   * The record from disk, opened, with its warning, for callers that tell the
   * user; not-found, bad-input (invalid), environment (busy) or locked errors
   * otherwise.
   */
  async readServedRecord(id: string): Promise<ServedRecord> {
    const read = await this.readOpened(id);
    if (read.kind === 'invalid')
      throw new VaultError('bad-input', `bearer ${quoteForMessage(id)} is invalid: ${read.reason}`);
    if (read.kind === 'busy') {
      throw new VaultError(
        'environment',
        `bearer ${quoteForMessage(id)} is busy: ${read.reason}; try again once it stops`,
      );
    }
    if (read.kind === 'locked')
      throw new VaultError('locked', `bearer ${quoteForMessage(id)} is locked: ${read.reason}`);
    return {
      record: read.record,
      warning: read.warning,
      storage: read.storage === 'encrypted' ? 'encrypted' : 'plain',
    };
  }

  /** The record from disk, opened (see bearer-at-rest.ts); throws not-found when absent. */
  async readOpened(id: string): Promise<OpenedRead> {
    const read = await this.readStored(id);
    return openRead(read, needsKeys(read) ? await this.keys() : null, this.root, id);
  }

  /**
   * Reads from disk as stored (token files in whichever form, plain or
   * encrypted), settling concurrent writes; throws not-found when absent.
   * For a migration and existence checks: callers that need the tokens use
   * readServedRecord.
   */
  async readStored(id: string): Promise<Exclude<BearerRead, { kind: 'absent' }>> {
    const dir = this.bearerDir(id);
    const read = await settleRead(dir, null, this.readDeadlineMs);
    if (read.kind === 'absent')
      throw new VaultError('not-found', `no bearer ${quoteForMessage(id)} in ${this.root}`);
    return read;
  }

  /** Runs `fn` holding the bearer's lock; creates the bearer's folder if needed. */
  async withBearerLock<T>(id: string, fn: () => Promise<T> | T): Promise<T> {
    const dir = this.bearerDir(id);
    ensureBearerFolder(this.root, id, dir);
    return withFileLock(join(dir, BEARER_LOCK_NAME), fn, this.lockOptions);
  }

  async put(id: string, input: BearerRecordInput, options: PutOptions = {}): Promise<PutOutcome> {
    checkBearerId(id);
    const record = checkBearerRecordInput(input, `bearer ${quoteForMessage(id)}`);
    refuseEncryptedLookalikes(record);
    // Refused before the bearer's folder is made: a locked root gains no empty
    // bearer. (A root that is not a folder yet holds no flag: the writer reports its own errors.)
    if (isFolder(this.root) && isRootEncrypted(this.root)) keyToSealWith(await this.keys(), id);
    const report = await this.withBearerLock(id, async () => {
      if (!options.force) await this.refuseToOverwriteUnreadable(id);
      return this.writeRecordHoldingLock(id, record);
    });
    // What we wrote, which the write checked is what is on disk.
    const bearer = summarize(
      id,
      { kind: 'record', record, warning: null, storage: report.storage },
      nowUnixSeconds(this.clock),
      this.nearExpiryWindowS,
    );
    return { bearer, conflict: report.conflict };
  }

  /**
   * Writes the three files and checks they landed whole; the caller must
   * hold the bearer's lock (`withBearerLock`). A program that takes no lock
   * writing at the same time is reported as a conflict (see
   * bearer-record-writer.ts). In a root flagged encrypted the tokens are
   * sealed first; without the key the write is refused (`locked`). The flag
   * is read under the lock, so a migration flipping it meanwhile still
   * rewrites this bearer after us.
   */
  async writeRecordHoldingLock(id: string, input: BearerRecordInput): Promise<StoredWriteReport> {
    const record = checkBearerRecordInput(input, `bearer ${quoteForMessage(id)}`);
    refuseEncryptedLookalikes(record);
    const encrypted = isRootEncrypted(this.root);
    const stored = encrypted ? sealRecord(record, await this.keys(), id) : record;
    const storage = encrypted ? 'encrypted' : 'plain';
    const report = await this.writeHoldingLock(id, stored, {
      kind: 'record',
      record,
      warning: null,
      storage,
    });
    return { ...report, storage };
  }

  /**
   * Writes a record exactly as given (token files already in their form at
   * rest), holding the bearer's lock: for a migration (store-rewriter.ts).
   */
  async writeStoredHoldingLock(id: string, stored: BearerRecordInput): Promise<WriteReport> {
    return this.writeHoldingLock(
      id,
      checkBearerRecordInput(stored, `bearer ${quoteForMessage(id)}`),
      null,
    );
  }

  /** `opened`: the record as the next list serves it (null: read it again from disk). */
  private async writeHoldingLock(
    id: string,
    record: BearerRecord,
    opened: OpenedRead | null,
  ): Promise<WriteReport> {
    const dir = this.bearerDir(id);
    const lastLanded = this.lastLanded.get(id);
    // Forgotten until this write is known to have landed whole.
    this.lastLanded.delete(id);
    try {
      const report = await writeRecordWhole(id, dir, record, {
        readDeadlineMs: this.readDeadlineMs,
        onFileReplaced: this.onFileReplaced,
        lastLanded,
      });
      if (report.landed !== null) this.lastLanded.set(id, report.landed);
      // The write checked that this record is what is on disk: the next list
      // serves it at once instead of waiting for the watch to report it.
      if (opened === null) this.cache?.delete(id);
      else this.cache?.set(id, opened);
      if (this.cachedIds !== null && !this.cachedIds.includes(id)) this.cachedIds = null;
      return report;
    } catch (error) {
      this.forget(id);
      throw error;
    } finally {
      this.onOwnWrite?.(id);
    }
  }

  /**
   * Drops what the cache holds of bearer `id`, which changed behind this
   * store's back (through another store of the same root, in this process).
   */
  forget(id: string): void {
    this.cache?.delete(id);
    if (this.cachedIds !== null && !this.cachedIds.includes(id)) this.cachedIds = null;
  }

  /** Deletes the bearer's files, Credvault's dot files, and its folder. */
  async remove(id: string): Promise<void> {
    try {
      await removeBearerFolder(this.root, id, this.bearerDir(id), this.lockOptions);
    } finally {
      this.cache?.delete(id);
      this.lastLanded.delete(id);
    }
    this.cachedIds = this.cachedIds?.filter((cached) => cached !== id) ?? null;
    this.onOwnWrite?.(id);
  }

  /**
   * Watches the root for changes made by anyone, without polling; while the
   * watch runs, `list()` serves unchanged bearers from memory.
   */
  async watch(
    onChange: (ids: string[]) => void = () => {},
    onError: (error: Error) => void = () => {},
  ): Promise<RootWatch> {
    const watch = await watchBearerRoot(this.root, {
      onChange: (ids, rootChanged) => {
        for (const id of ids) this.cache?.delete(id);
        if (rootChanged) this.cachedIds = null;
        onChange(ids);
      },
      onError: (error) => {
        // A watch that failed cannot vouch for the cache any more.
        this.cache = null;
        this.cachedIds = null;
        onError(error);
      },
    });
    this.cache = new Map();
    this.cachedIds = null;
    const close = watch.close;
    return {
      close: async () => {
        this.cache = null;
        this.cachedIds = null;
        await close();
      },
    };
  }

  private remember(id: string, read: OpenedRead, into: Map<string, OpenedRead>): void {
    into.set(id, read);
    // A busy bearer is caught mid-change, a locked one may open after a
    // retry: the next list should look again.
    if (read.kind !== 'busy' && read.kind !== 'locked') this.cache?.set(id, read);
  }

  private listIds(): string[] {
    if (this.cache && this.cachedIds) return this.cachedIds;
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new VaultError('not-found', `no bearer root at ${this.root}`);
      throw environmentError('list', this.root, error);
    }
    const ids = names
      .filter((name) => !name.startsWith('.'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (this.cache) this.cachedIds = ids;
    return ids;
  }

  private async refuseToOverwriteUnreadable(id: string): Promise<void> {
    const dir = this.bearerDir(id);
    const present = readdirSync(dir).filter((name) =>
      (BEARER_FILES as readonly string[]).includes(name),
    );
    if (present.length === 0) return; // a new bearer
    // A whole record in one look is enough to replace it: only a record that
    // looks broken is worth waiting on, in case it was caught mid-write.
    const glance = tryReadNow(dir);
    if ('read' in glance && glance.read.kind === 'record') return;
    if ('pending' in glance && decodePass(glance.pending).kind === 'record') return;
    const read = await settleRead(
      dir,
      'pending' in glance ? glance.pending : null,
      this.readDeadlineMs,
    );
    if (read.kind === 'invalid') {
      throw new VaultError(
        'bad-input',
        `bearer ${quoteForMessage(id)} is invalid (${read.reason}); not overwritten: use --force to replace it`,
      );
    }
    if (read.kind === 'busy') {
      throw new VaultError(
        'environment',
        `bearer ${quoteForMessage(id)} is busy (${read.reason}); not overwritten: try again once it stops, or use --force to replace it`,
      );
    }
  }
}

/** Whether `path` is a folder (through a symlink: the root itself is followed). */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // Missing, or under a file: not a folder, and the write says why.
  }
}
