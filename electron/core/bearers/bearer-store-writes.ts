/**
 * The write side of the bearer store: put, the writes a caller makes holding
 * the bearer's lock, and removal.
 *
 * Writes: refresh token first, then access token, expiry last, each an atomic
 * replace, under the bearer's lock (`.credvault.lock` in its folder), so a
 * crash never loses a rotated refresh token and the expiry always marks a
 * finished write; then checked, against writers that take no lock
 * (bearer-record-writer.ts).
 *
 * A write into a root flagged encrypted is sealed on the way in (refused,
 * never written in plain text, when the key is not available); the root's
 * keys are asked for only then (bearer-at-rest.ts).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BearerRecordInput, BearerSummary } from '@shared/domain/bearer';
import { VaultError } from '../errors';
import { keyToSealWith, refuseEncryptedLookalikes, sealRecord } from '../keychain/bearer-sealing';
import { isRootEncrypted } from '../keychain/root-id';
import { withFileLock } from '../locks/file-lock';
import { nowUnixSeconds } from '../ports/clock';
import { quoteForMessage } from '../text/quote-for-message';
import type { OpenedRead } from './bearer-at-rest';
import { BEARER_FILES } from './bearer-file-codec';
import { BEARER_LOCK_NAME, ensureBearerFolder, removeBearerFolder } from './bearer-folder';
import type { Pass } from './bearer-folder-pass';
import { checkBearerId } from './bearer-id';
import { checkBearerRecordInput } from './bearer-input';
import { decodePass, settleRead, tryReadNow, type BearerRecord } from './bearer-record-reader';
import { writeRecordWhole, type WriteReport } from './bearer-record-writer';
import type { BearerStoreCache } from './bearer-store-cache';
import { bearerDirIn, type BearerStoreSettings } from './bearer-store-settings';
import { summarize } from './bearer-summary';

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

/** A write's report, and the form the record took at rest. */
export interface StoredWriteReport extends WriteReport {
  storage: 'plain' | 'encrypted';
}

export class BearerStoreWrites {
  /** What our last write of each bearer left on disk: lets the next one skip a settle wait. */
  private readonly lastLanded = new Map<string, Pass>();

  constructor(
    private readonly settings: BearerStoreSettings,
    private readonly cache: BearerStoreCache,
  ) {}

  /** Runs `fn` holding the bearer's lock; creates the bearer's folder if needed. */
  async withBearerLock<T>(id: string, fn: () => Promise<T> | T): Promise<T> {
    const { root, lockOptions } = this.settings;
    const dir = bearerDirIn(root, id);
    ensureBearerFolder(root, id, dir);
    return withFileLock(join(dir, BEARER_LOCK_NAME), fn, lockOptions);
  }

  async put(id: string, input: BearerRecordInput, options: PutOptions = {}): Promise<PutOutcome> {
    checkBearerId(id);
    const record = checkBearerRecordInput(input, `bearer ${quoteForMessage(id)}`);
    refuseEncryptedLookalikes(record);
    const { root, clock, nearExpiryWindowS } = this.settings;
    // Refused before the bearer's folder is made: a locked root gains no empty
    // bearer. (A root that is not a folder yet holds no flag: the writer reports its own errors.)
    if (isFolder(root) && isRootEncrypted(root)) keyToSealWith(await this.settings.keys(), id);
    const report = await this.withBearerLock(id, async () => {
      if (!options.force) await this.refuseToOverwriteUnreadable(id);
      return this.writeRecordHoldingLock(id, record);
    });
    // What we wrote, which the write checked is what is on disk.
    const bearer = summarize(
      id,
      { kind: 'record', record, warning: null, storage: report.storage },
      nowUnixSeconds(clock),
      nearExpiryWindowS,
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
    const encrypted = isRootEncrypted(this.settings.root);
    const stored = encrypted ? sealRecord(record, await this.settings.keys(), id) : record;
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

  /** Deletes the bearer's files, Credvault's dot files, and its folder. */
  async remove(id: string): Promise<void> {
    const { root, lockOptions, ownWriteSpan } = this.settings;
    const dir = bearerDirIn(root, id);
    ownWriteSpan?.begin(id);
    try {
      await removeBearerFolder(root, id, dir, lockOptions);
    } finally {
      this.cache.forgetRecord(id);
      this.lastLanded.delete(id);
      ownWriteSpan?.end(id);
    }
    this.cache.removed(id);
    this.settings.onOwnWrite?.(id);
  }

  /** `opened`: the record as the next list serves it (null: read it again from disk). */
  private async writeHoldingLock(
    id: string,
    record: BearerRecord,
    opened: OpenedRead | null,
  ): Promise<WriteReport> {
    const dir = bearerDirIn(this.settings.root, id);
    const { ownWriteSpan } = this.settings;
    ownWriteSpan?.begin(id);
    const lastLanded = this.lastLanded.get(id);
    // Forgotten until this write is known to have landed whole.
    this.lastLanded.delete(id);
    try {
      const report = await writeRecordWhole(id, dir, record, {
        readDeadlineMs: this.settings.readDeadlineMs,
        onFileReplaced: this.settings.onFileReplaced,
        lastLanded,
      });
      if (report.landed !== null) this.lastLanded.set(id, report.landed);
      this.cache.wrote(id, opened);
      return report;
    } catch (error) {
      this.cache.forget(id);
      throw error;
    } finally {
      ownWriteSpan?.end(id);
      this.settings.onOwnWrite?.(id);
    }
  }

  private async refuseToOverwriteUnreadable(id: string): Promise<void> {
    const dir = bearerDirIn(this.settings.root, id);
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
      this.settings.readDeadlineMs,
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
