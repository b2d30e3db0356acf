/**
 * Turning a root's encryption on or off. The flag in the root's own file
 * flips first, so every write from then on takes the new form; then each
 * bearer is rewritten as a normal write under its lock (the BearerRewriter
 * the bearer store provides: tokens first, expiry last with the same bytes).
 * Reads accept both forms per file, so a process killed at any moment leaves
 * every record readable, old form or new, and running again finishes the
 * job (a bearer already in the target form is left alone).
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import type { BearerRecord } from '../bearers/bearer-record-reader';
import { openRecord, sealRecord, type RootKeys } from './bearer-sealing';
import type { MasterKey } from './master-key';
import { ensureRootId, isRootEncrypted, setRootEncrypted } from './root-id';

/** What the bearer store lends a migration. */
export interface BearerRewriter {
  /** Every bearer id in the root. */
  listIds(): Promise<string[]>;
  /**
   * Under the bearer's lock: reads its record as stored (tokens in whichever
   * form) and, when `change` returns a record, writes it back. A bearer that
   * vanished meanwhile is skipped.
   */
  rewrite(id: string, change: (stored: BearerRecord) => BearerRecord | null): Promise<void>;
}

export interface MigrationOptions {
  root: string;
  masterKey: MasterKey;
  rewriter: BearerRewriter;
  /** N of M, after each bearer (N counts those already in the target form too). */
  onProgress?: (done: number, total: number) => void;
}

export interface MigrationResult {
  total: number;
  rewritten: number;
}

export async function enableRootEncryption(options: MigrationOptions): Promise<MigrationResult> {
  const key = await options.masterKey.ensure();
  const keys: RootKeys = { rootId: ensureRootId(options.root), key, unavailableReason: '' };
  setRootEncrypted(options.root, true);
  return rewriteEach(options, (id, stored) => {
    const opened = openOrFail(stored, keys, options.root, id);
    return opened.form === 'encrypted' ? null : sealRecord(opened.record, keys, id);
  });
}

export async function disableRootEncryption(options: MigrationOptions): Promise<MigrationResult> {
  const key = await options.masterKey.key();
  if (!key && isRootEncrypted(options.root)) {
    const status = await options.masterKey.status();
    const reason = 'reason' in status ? status.reason : `the master key is ${status.state}`;
    throw new VaultError(
      'locked',
      `cannot turn encryption off for ${options.root} without the master key: ${reason}`,
    );
  }
  const keys: RootKeys = {
    rootId: ensureRootId(options.root),
    key,
    unavailableReason: 'the master key is not available',
  };
  setRootEncrypted(options.root, false);
  return rewriteEach(options, (id, stored) => {
    const opened = openOrFail(stored, keys, options.root, id);
    return opened.form === 'plain' ? null : opened.record;
  });
}

function openOrFail(stored: BearerRecord, keys: RootKeys, root: string, id: string) {
  const opened = openRecord(stored, keys, root, id);
  if (opened.kind === 'locked') {
    throw new VaultError('locked', `bearer ${quoteForMessage(id)} is locked: ${opened.reason}`);
  }
  return opened;
}

async function rewriteEach(
  options: MigrationOptions,
  change: (id: string, stored: BearerRecord) => BearerRecord | null,
): Promise<MigrationResult> {
  const ids = await options.rewriter.listIds();
  let rewritten = 0;
  for (const [index, id] of ids.entries()) {
    await options.rewriter.rewrite(id, (stored) => {
      const next = change(id, stored);
      if (next) rewritten++;
      return next;
    });
    options.onProgress?.(index + 1, ids.length);
  }
  return { total: ids.length, rewritten };
}
