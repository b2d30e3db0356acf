/**
 * The read side of the bearer store: list, show, reveal, and reads of one
 * record from disk. Reads never take the bearer's lock, so readers are never
 * blocked; they settle concurrent writes instead (bearer-record-reader.ts).
 * Token files in the encrypted form are opened on the way out
 * (bearer-at-rest.ts); the root's keys are asked for only then.
 */
import type { BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { nowUnixSeconds } from '../ports/clock';
import { quoteForMessage } from '../text/quote-for-message';
import { needsKeys, openRead, type OpenedRead } from './bearer-at-rest';
import { isValidBearerId } from './bearer-id';
import { settleRead, tryReadNow, type BearerRead, type BearerRecord } from './bearer-record-reader';
import type { BearerStoreCache } from './bearer-store-cache';
import { bearerDirIn, type BearerStoreSettings } from './bearer-store-settings';
import { reveal, summarize } from './bearer-summary';

/** A record fit to serve, and what a user should know about its files. */
export interface ServedRecord {
  record: BearerRecord;
  warning: string | null;
  storage: 'plain' | 'encrypted';
}

export class BearerStoreReads {
  constructor(
    private readonly settings: BearerStoreSettings,
    private readonly cache: BearerStoreCache,
  ) {}

  /** Every entry of the root but dot entries, sorted by id; bad ones as `invalid` or `busy`. */
  async list(): Promise<BearerSummary[]> {
    const { root, readDeadlineMs } = this.settings;
    const ids = this.cache.listIds();
    const reads = new Map<string, OpenedRead>();
    const stored = new Map<string, BearerRead>();
    const pending: Array<Promise<void>> = [];
    for (const id of ids) {
      const cached = this.cache.get(id);
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
      const dir = join(root, id);
      const now = tryReadNow(dir);
      if ('read' in now) stored.set(id, now.read);
      else
        pending.push(
          settleRead(dir, now.pending, readDeadlineMs).then((read) => {
            stored.set(id, read);
          }),
        );
    }
    await Promise.all(pending);
    // The keychain is asked once per list, and only when a record is encrypted.
    const keys = [...stored.values()].some(needsKeys) ? await this.settings.keys() : null;
    for (const [id, read] of stored) {
      // Deleted between readdir and read: it is gone, not invalid.
      if (read.kind === 'absent') continue;
      this.cache.remember(id, openRead(read, keys, root, id), reads);
    }
    const nowUnix = nowUnixSeconds(this.settings.clock);
    const summaries: BearerSummary[] = [];
    for (const id of ids) {
      const read = reads.get(id);
      if (read === undefined) continue;
      summaries.push(summarize(id, read, nowUnix, this.settings.nearExpiryWindowS));
    }
    return summaries;
  }

  /** The bearer's summary; a not-found error when there is none. */
  async show(id: string): Promise<BearerSummary> {
    const read = await this.readOpened(id);
    const { clock, nearExpiryWindowS } = this.settings;
    return summarize(id, read, nowUnixSeconds(clock), nearExpiryWindowS);
  }

  /** The bearer with its secrets: only for a user who asked to reveal it. */
  async reveal(id: string): Promise<RevealedBearer> {
    const { record, warning, storage } = await this.readServedRecord(id);
    const { clock, nearExpiryWindowS } = this.settings;
    return reveal(id, record, warning, nowUnixSeconds(clock), nearExpiryWindowS, storage);
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
    const keys = needsKeys(read) ? await this.settings.keys() : null;
    return openRead(read, keys, this.settings.root, id);
  }

  /**
   * Reads from disk as stored (token files in whichever form, plain or
   * encrypted), settling concurrent writes; throws not-found when absent.
   * For a migration and existence checks: callers that need the tokens use
   * readServedRecord.
   */
  async readStored(id: string): Promise<Exclude<BearerRead, { kind: 'absent' }>> {
    const { root, readDeadlineMs } = this.settings;
    const read = await settleRead(bearerDirIn(root, id), null, readDeadlineMs);
    if (read.kind === 'absent')
      throw new VaultError('not-found', `no bearer ${quoteForMessage(id)} in ${root}`);
    return read;
  }
}
