/**
 * The bearers of one broker root (the seed broker's layout): list, show, put,
 * delete, and a watch that keeps an in-memory cache honest.
 *
 * One class for callers, composed of three parts that change for different
 * reasons:
 *  - bearer-store-reads.ts: list, show, reveal and reads from disk; reads
 *    never take the lock, so readers are never blocked;
 *  - bearer-store-writes.ts: put, writes under the bearer's lock, removal;
 *  - bearer-store-cache.ts: the cache a running watch keeps true, which
 *    reads serve from and our own writes update.
 *
 * The keychain layer (bearer-at-rest.ts): token files in the encrypted form
 * are opened on the way out, and a write into a root flagged encrypted is
 * sealed on the way in (refused, never written in plain text, when the key
 * is not available). The root's keys are asked for only then.
 */
import type { BearerRecordInput, BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import type { OpenedRead } from './bearer-at-rest';
import type { BearerRead, BearerRecord } from './bearer-record-reader';
import type { WriteReport } from './bearer-record-writer';
import { BearerStoreCache } from './bearer-store-cache';
import { BearerStoreReads, type ServedRecord } from './bearer-store-reads';
import {
  bearerDirIn,
  resolveStoreSettings,
  type BearerStoreOptions,
  type BearerStoreSettings,
} from './bearer-store-settings';
import {
  BearerStoreWrites,
  type PutOptions,
  type PutOutcome,
  type StoredWriteReport,
} from './bearer-store-writes';
import type { RootWatch } from './bearer-watch';

export { BEARER_LOCK_NAME } from './bearer-folder';
export type { BearerStoreOptions } from './bearer-store-settings';
export type { ServedRecord } from './bearer-store-reads';
export type { PutOptions, PutOutcome, StoredWriteReport } from './bearer-store-writes';

export class BearerStore {
  readonly root: string;
  readonly nearExpiryWindowS: number;
  private readonly settings: BearerStoreSettings;
  private readonly cache: BearerStoreCache;
  private readonly reads: BearerStoreReads;
  private readonly writes: BearerStoreWrites;

  constructor(options: BearerStoreOptions) {
    this.settings = resolveStoreSettings(options);
    this.root = this.settings.root;
    this.nearExpiryWindowS = this.settings.nearExpiryWindowS;
    this.cache = new BearerStoreCache(this.root);
    this.reads = new BearerStoreReads(this.settings, this.cache);
    this.writes = new BearerStoreWrites(this.settings, this.cache);
  }

  bearerDir(id: string): string {
    return bearerDirIn(this.root, id);
  }

  /** Every entry of the root but dot entries, sorted by id; bad ones as `invalid` or `busy`. */
  async list(): Promise<BearerSummary[]> {
    return this.reads.list();
  }

  /** The bearer's summary; a not-found error when there is none. */
  async show(id: string): Promise<BearerSummary> {
    return this.reads.show(id);
  }

  /** The bearer with its secrets: only for a user who asked to reveal it. */
  async reveal(id: string): Promise<RevealedBearer> {
    return this.reads.reveal(id);
  }

  /** The record from disk (never the cache); throws if absent, invalid or busy. */
  async readValidRecord(id: string): Promise<BearerRecord> {
    return (await this.reads.readServedRecord(id)).record;
  }

  /** The record from disk, opened, with its warning (see bearer-store-reads.ts). */
  async readServedRecord(id: string): Promise<ServedRecord> {
    return this.reads.readServedRecord(id);
  }

  /** The record from disk, opened (see bearer-at-rest.ts); throws not-found when absent. */
  async readOpened(id: string): Promise<OpenedRead> {
    return this.reads.readOpened(id);
  }

  /** The record from disk as stored, plain or encrypted (see bearer-store-reads.ts). */
  async readStored(id: string): Promise<Exclude<BearerRead, { kind: 'absent' }>> {
    return this.reads.readStored(id);
  }

  /** Runs `fn` holding the bearer's lock; creates the bearer's folder if needed. */
  async withBearerLock<T>(id: string, fn: () => Promise<T> | T): Promise<T> {
    return this.writes.withBearerLock(id, fn);
  }

  async put(id: string, input: BearerRecordInput, options: PutOptions = {}): Promise<PutOutcome> {
    return this.writes.put(id, input, options);
  }

  /** Writes the record, sealed if the root is encrypted; the caller holds the bearer's lock. */
  async writeRecordHoldingLock(id: string, input: BearerRecordInput): Promise<StoredWriteReport> {
    return this.writes.writeRecordHoldingLock(id, input);
  }

  /** Writes a record exactly as given, holding the bearer's lock: for a migration. */
  async writeStoredHoldingLock(id: string, stored: BearerRecordInput): Promise<WriteReport> {
    return this.writes.writeStoredHoldingLock(id, stored);
  }

  /** Drops what the cache holds of bearer `id`, changed behind this store's back. */
  forget(id: string): void {
    this.cache.forget(id);
  }

  /** Deletes the bearer's files, Credvault's dot files, and its folder. */
  async remove(id: string): Promise<void> {
    return this.writes.remove(id);
  }

  /**
   * Watches the root for changes made by anyone, without polling; while the
   * watch runs, `list()` serves unchanged bearers from memory.
   */
  async watch(
    onChange: (ids: string[]) => void = () => {},
    onError: (error: Error) => void = () => {},
  ): Promise<RootWatch> {
    return this.cache.watch(onChange, onError);
  }
}
