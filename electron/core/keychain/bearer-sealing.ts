/**
 * The encryption layer applied to one bearer record, between the bearer
 * store's reader/writer and its callers. Token files are sealed; the expiry
 * stays plain (list, scheduler and tray need no key). Reading accepts both
 * forms per file, so a root halfway through a migration reads whole.
 *
 * Nothing here falls back to plaintext: with no key, an encrypted record is
 * `locked` (never rewritten, never served), and sealing needs the key.
 */
import type { BearerRecord } from '../bearers/bearer-record-reader';
import { ACCESS_TOKEN_FILE, REFRESH_TOKEN_FILE } from '../bearers/bearer-file-codec';
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import { decryptSecret, encryptSecret, looksEncrypted, type SecretPlace } from './secret-box';

/** What a root's records are read and written with. */
export interface RootKeys {
  /** The root's own id (root-id.ts). */
  rootId: string;
  /** The master key, or null when it cannot be had (then: why). */
  key: Buffer | null;
  unavailableReason: string;
}

export type RecordForm = 'plain' | 'encrypted' | 'mixed';

export type OpenedRecord =
  | { kind: 'record'; record: BearerRecord; form: RecordForm }
  /** Encrypted, and no key to read it with: listed as locked, never rewritten. */
  | { kind: 'locked'; reason: string };

const TOKEN_FIELDS = [
  ['accessToken', ACCESS_TOKEN_FILE],
  ['refreshToken', REFRESH_TOKEN_FILE],
] as const;

/**
 * The record's plain tokens. Throws a SecretBoxError (naming the file and
 * why) for a file that does not decrypt here: moved from another bearer,
 * another key, altered.
 */
export function openRecord(
  record: BearerRecord,
  keys: RootKeys,
  root: string,
  bearerId: string,
): OpenedRecord {
  const opened = { ...record };
  let encrypted = 0;
  for (const [field, fileName] of TOKEN_FIELDS) {
    if (!looksEncrypted(record[field])) continue;
    encrypted++;
    if (!keys.key) return { kind: 'locked', reason: keys.unavailableReason };
    const place: SecretPlace = { rootId: keys.rootId, bearerId, fileName };
    opened[field] = decryptSecret(keys.key, place, record[field], [root, bearerId, fileName]);
  }
  const form =
    encrypted === 0 ? 'plain' : encrypted === TOKEN_FIELDS.length ? 'encrypted' : 'mixed';
  return { kind: 'record', record: opened, form };
}

/** The record with both token files in the encrypted form, ready for the writer. */
export function sealRecord(record: BearerRecord, keys: RootKeys, bearerId: string): BearerRecord {
  refuseEncryptedLookalikes(record);
  const key = keyToSealWith(keys, bearerId);
  const sealed = { ...record };
  for (const [field, fileName] of TOKEN_FIELDS) {
    sealed[field] = encryptSecret(key, { rootId: keys.rootId, bearerId, fileName }, record[field]);
  }
  return sealed;
}

/** The key, or a `locked` error: never a plaintext write into an encrypted root. */
export function keyToSealWith(keys: RootKeys, bearerId: string): Buffer {
  if (keys.key) return keys.key;
  throw new VaultError(
    'locked',
    `refusing to write bearer ${quoteForMessage(bearerId)} into an encrypted root without its key: ${keys.unavailableReason}`,
  );
}

/**
 * A plain token that starts like the encrypted form would be read back as a
 * damaged ciphertext; no real bearer token does (`$` is not a b64token
 * character), so it is refused on the way in, in every root.
 */
export function refuseEncryptedLookalikes(record: BearerRecord): void {
  for (const [field, fileName] of TOKEN_FIELDS) {
    if (looksEncrypted(record[field])) {
      throw new VaultError(
        'bad-input',
        `${fileName.replace('.json', '')} starts with "$cv<digits>$", which marks Credvault's encrypted form; no bearer token starts that way`,
      );
    }
  }
}
