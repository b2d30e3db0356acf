/**
 * A bearer store's options, and the settings its read and write sides share
 * once the defaults are filled in.
 */
import { join } from 'node:path';
import { DEFAULT_NEAR_EXPIRY_WINDOW_S } from '@shared/domain/bearer';
import type { LockOptions } from '../locks/file-lock';
import { systemClock, type Clock } from '../ports/clock';
import { NO_KEYCHAIN, type RootKeySource } from './bearer-at-rest';
import type { BearerFileName } from './bearer-file-codec';
import { checkBearerId } from './bearer-id';
import { DEFAULT_READ_DEADLINE_MS } from './bearer-record-reader';

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
  /**
   * Told when a write or removal of bearer `id` through this store begins
   * and when it ends, done or failed (a session tells the watch's echo of
   * its own writes from others' changes: own-write-echoes.ts).
   */
  ownWriteSpan?: OwnWriteSpan;
  /** The keychain layer's keys for this root (default: none, so encrypted records are locked). */
  keys?: RootKeySource;
}

export interface OwnWriteSpan {
  begin(id: string): void;
  /** Always follows `begin`, once, whether the write landed or not. */
  end(id: string): void;
}

/** The options with their defaults filled in. */
export interface BearerStoreSettings {
  readonly root: string;
  readonly clock: Clock;
  readonly nearExpiryWindowS: number;
  readonly readDeadlineMs: number;
  readonly lockOptions: LockOptions;
  readonly onFileReplaced: ((file: BearerFileName) => void) | undefined;
  readonly onOwnWrite: ((id: string) => void) | undefined;
  readonly ownWriteSpan: OwnWriteSpan | undefined;
  readonly keys: RootKeySource;
}

export function resolveStoreSettings(options: BearerStoreOptions): BearerStoreSettings {
  return {
    root: options.root,
    clock: options.clock ?? systemClock,
    nearExpiryWindowS: options.nearExpiryWindowS ?? DEFAULT_NEAR_EXPIRY_WINDOW_S,
    readDeadlineMs: options.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS,
    lockOptions: options.lock ?? {},
    onFileReplaced: options.onFileReplaced,
    onOwnWrite: options.onOwnWrite,
    ownWriteSpan: options.ownWriteSpan,
    keys: options.keys ?? NO_KEYCHAIN,
  };
}

/** The folder of bearer `id` in `root`; a bad-input error for an id that is not valid. */
export function bearerDirIn(root: string, id: string): string {
  return join(root, checkBearerId(id));
}
