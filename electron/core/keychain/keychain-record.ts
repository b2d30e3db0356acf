/**
 * `<home>/keychain.json`: which keychain entry holds this vault's master key
 * (a random vault id, not the home's path, so a moved home keeps its key) and
 * the key's fingerprint, never the key. A recorded fingerprint is the proof
 * that data may be encrypted with that key: from then on a missing key means
 * "locked or lost", never "make a new one".
 *
 * `keyFingerprint: null` marks a key being created (written before the
 * keychain entry, so a crash midway leaves a vault id to reuse, never an
 * orphan entry under an id nobody knows).
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { VaultError } from '../errors';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import { readSmallFileSync } from '../fs/read-small-file';
import { decodeUtf8OrNull } from '../text/strict-utf8';

export const KEYCHAIN_RECORD_FILE = 'keychain.json';
export const KEYCHAIN_SERVICE = 'credvault';

const recordSchema = z.strictObject({
  version: z.literal(1),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  keyFingerprint: z.union([z.string().regex(/^[0-9a-f]{16}$/), z.null()]),
});
export type KeychainRecord = z.infer<typeof recordSchema>;

export function keychainRecordPath(home: string): string {
  return join(home, KEYCHAIN_RECORD_FILE);
}

/** The record, or null when the vault never created a key. */
export function readKeychainRecord(home: string): KeychainRecord | null {
  const path = keychainRecordPath(home);
  const bytes = readSmallFileSync(path, { maxBytes: 4096, kind: 'a keychain record' });
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeUtf8OrNull(bytes) ?? '');
  } catch {
    throw damaged(path, 'not valid JSON');
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) throw damaged(path, 'not a version 1 keychain record');
  return parsed.data;
}

export function writeKeychainRecord(home: string, record: KeychainRecord): void {
  ensurePrivateDirSync(home);
  writeFileAtomicSync(keychainRecordPath(home), `${JSON.stringify(record, null, 2)}\n`);
}

export function newVaultId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * First 16 hex digits of SHA-256 over a domain-separated input: enough to
 * tell keys apart, useless for guessing one (the key has 256 random bits).
 */
export function keyFingerprint(key: Uint8Array): string {
  return createHash('sha256')
    .update('credvault master key fingerprint v1\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

function damaged(path: string, reason: string): VaultError {
  return new VaultError(
    'environment',
    `${path} is damaged: ${reason}; no key will be created over it`,
  );
}
