/**
 * The keychain layer as the bearer store applies it: reads are opened (token
 * files in the encrypted form decrypted), writes into a root flagged
 * encrypted are sealed. The store asks for the root's keys only when a record
 * looks encrypted or a write goes into an encrypted root, so a plain root
 * never starts the keychain helper and pays one cheap prefix test per record.
 */
import type { RecordStorage } from '@shared/domain/bearer';
import { VaultError } from '../errors';
import { openRecord, type RootKeys } from '../keychain/bearer-sealing';
import { looksEncrypted } from '../keychain/secret-box';
import type { BearerRead } from './bearer-record-reader';

/** What `root`'s records are read and written with (keychain-layer.ts `keysForRoot`). */
export type RootKeySource = () => Promise<RootKeys>;

/** A store opened without the keychain layer (a bench, an older caller): never a key. */
export const NO_KEYCHAIN: RootKeySource = async () => ({
  rootId: '',
  key: null,
  unavailableReason: 'this program opened the root without the keychain layer',
});

/** A read as the store serves it: tokens opened, and how the record is kept at rest. */
export type OpenedRead = (
  | Exclude<BearerRead, { kind: 'absent' }>
  /** Encrypted, and no key to open it with: never served, never rewritten. */
  | { kind: 'locked'; reason: string }
) & { storage: RecordStorage };

/** Whether opening `read` needs the root's keys (a token file in the encrypted form). */
export function needsKeys(read: BearerRead): boolean {
  return (
    read.kind === 'record' &&
    (looksEncrypted(read.record.accessToken) || looksEncrypted(read.record.refreshToken))
  );
}

/**
 * `read` with its tokens opened. `keys` is needed only when `needsKeys(read)`.
 * A file that does not decrypt here (copied from another bearer, another
 * key, altered) makes the record `invalid`, with the reason naming the file.
 */
export function openRead(
  read: Exclude<BearerRead, { kind: 'absent' }>,
  keys: RootKeys | null,
  root: string,
  id: string,
): OpenedRead {
  if (read.kind !== 'record' || !needsKeys(read)) return { ...read, storage: 'plain' };
  if (keys === null) throw new Error('openRead: an encrypted record needs the root keys');
  let opened;
  try {
    opened = openRecord(read.record, keys, root, id);
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    return { kind: 'invalid', reason: error.message, storage: 'encrypted' };
  }
  if (opened.kind === 'locked') return { ...opened, storage: 'locked' };
  return {
    kind: 'record',
    record: opened.record,
    warning: read.warning,
    // A token still in plain text (half way through a migration) is what the posture must show.
    storage: opened.form === 'encrypted' ? 'encrypted' : 'plain',
  };
}
