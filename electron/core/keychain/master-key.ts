/**
 * The vault's master key: 32 random bytes in the OS keychain (service
 * `credvault`, account = the vault id from keychain.json). Read once per
 * session and kept in memory; `retry()` reads it again (after the user
 * unlocks the keyring).
 *
 * The one rule that matters: once keychain.json records a fingerprint, data
 * may be encrypted with that key, so a keychain that answers "no such entry"
 * (which is also what a locked gnome-keyring answers) is reported as locked,
 * and a second key is never created over it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { ensurePrivateDirSync } from '../fs/atomic-write';
import { withFileLock } from '../locks/file-lock';
import { KeychainError } from './keychain-client';
import type { KeyStore } from './key-store';
import {
  KEYCHAIN_SERVICE,
  keyFingerprint,
  keychainRecordPath,
  newVaultId,
  readKeychainRecord,
  writeKeychainRecord,
  type KeychainRecord,
} from './keychain-record';

export const MASTER_KEY_BYTES = 32;

/** Never holds the key itself: safe to show, log and send anywhere. */
export type MasterKeyStatus =
  | { state: 'present'; fingerprint: string }
  | { state: 'absent' }
  | { state: 'locked'; reason: string }
  | { state: 'unavailable'; reason: string };

type Reading = { status: MasterKeyStatus; key: Buffer | null };

/** The account a vault with no key probes, to learn whether a keychain answers at all. */
const PROBE_ACCOUNT = 'credvault-availability-probe';

export class MasterKey {
  private reading: Promise<Reading> | null = null;

  constructor(
    private readonly home: string,
    private readonly keyStore: KeyStore,
  ) {}

  /** The key's state, read from the keychain on first use only. */
  async status(): Promise<MasterKeyStatus> {
    return (await this.read()).status;
  }

  /** The key, or null unless the state is `present`. */
  async key(): Promise<Buffer | null> {
    return (await this.read()).key;
  }

  /** Forgets what was read and asks the keychain again. */
  async retry(): Promise<MasterKeyStatus> {
    this.reading = null;
    return this.status();
  }

  /**
   * The key, created first when the vault has none. Refused while the state
   * is locked or unavailable: never a second key over encrypted data.
   */
  async ensure(): Promise<Buffer> {
    const current = await this.read();
    if (current.key) return current.key;
    if (current.status.state !== 'absent') throw notUsable(current.status);
    ensurePrivateDirSync(this.home);
    const creating = withFileLock(join(this.home, '.keychain.lock'), () => this.createUnderLock());
    this.reading = creating;
    let created: Reading;
    try {
      created = await creating;
    } catch (error) {
      this.reading = null; // a lock timeout, say: the next call tries again
      throw error;
    }
    if (!created.key) throw notUsable(created.status);
    return created.key;
  }

  private read(): Promise<Reading> {
    this.reading ??= this.readFromKeychain().catch((error: unknown) =>
      unavailable(error instanceof VaultError ? error.message : 'cannot read the keychain record'),
    );
    return this.reading;
  }

  private async readFromKeychain(): Promise<Reading> {
    let record: KeychainRecord | null;
    try {
      record = readKeychainRecord(this.home);
    } catch (error) {
      return unavailable(error instanceof VaultError ? error.message : 'cannot read it');
    }
    const account = record?.vaultId ?? PROBE_ACCOUNT;
    let stored: string | null;
    try {
      stored = await this.keyStore.getPassword(KEYCHAIN_SERVICE, account);
    } catch (error) {
      return failedRead(error, record?.keyFingerprint ?? null);
    }
    if (!record) return { status: { state: 'absent' }, key: null };
    const key = stored === null ? null : decodeKey(stored);
    if (record.keyFingerprint === null) {
      // A creation that died before recording its fingerprint: nothing was
      // encrypted with that key yet, so adopting it (or making one) is safe.
      if (!key) return { status: { state: 'absent' }, key: null };
      writeKeychainRecord(this.home, { ...record, keyFingerprint: keyFingerprint(key) });
      return present(key);
    }
    if (stored === null) {
      return locked(
        'the OS keychain has no key for this vault: the keyring is locked, or the entry was removed; unlock it and retry',
      );
    }
    if (!key || keyFingerprint(key) !== record.keyFingerprint) {
      return locked(
        `the key in the OS keychain does not match the fingerprint in ${keychainRecordPath(this.home)}; nothing will be decrypted with it`,
      );
    }
    return present(key);
  }

  private async createUnderLock(): Promise<Reading> {
    // Another process may have created it while we waited for the lock.
    const again = await this.readFromKeychain();
    if (again.status.state !== 'absent') return again;
    const record: KeychainRecord = readKeychainRecord(this.home) ?? {
      version: 1,
      vaultId: newVaultId(),
      keyFingerprint: null,
    };
    writeKeychainRecord(this.home, record);
    const key = randomBytes(MASTER_KEY_BYTES);
    try {
      await this.keyStore.setPassword(KEYCHAIN_SERVICE, record.vaultId, key.toString('base64'));
    } catch (error) {
      return failedRead(error, null);
    }
    writeKeychainRecord(this.home, { ...record, keyFingerprint: keyFingerprint(key) });
    return present(key);
  }
}

function decodeKey(stored: string): Buffer | null {
  const key = Buffer.from(stored, 'base64');
  return key.length === MASTER_KEY_BYTES && key.toString('base64') === stored ? key : null;
}

function present(key: Buffer): Reading {
  return { status: { state: 'present', fingerprint: keyFingerprint(key) }, key };
}

function locked(reason: string): Reading {
  return { status: { state: 'locked', reason }, key: null };
}

function unavailable(reason: string): Reading {
  return { status: { state: 'unavailable', reason }, key: null };
}

/**
 * A keychain call that failed. A timeout is what a keyring waiting on an
 * unlock prompt looks like, so with a key recorded it counts as locked.
 */
function failedRead(error: unknown, recordedFingerprint: string | null): Reading {
  const reason = error instanceof VaultError ? error.message : 'the OS keychain failed';
  if (error instanceof KeychainError && error.failure === 'timeout' && recordedFingerprint) {
    return locked(reason);
  }
  return unavailable(reason);
}

function notUsable(status: MasterKeyStatus): VaultError {
  const reason = 'reason' in status ? status.reason : status.state;
  return new VaultError('environment', `the master key is ${status.state}: ${reason}`);
}
