/**
 * The keychain layer as a session holds it: one helper process (started on
 * the first call that needs the key, never for plain roots), one master key
 * read once, and the keys each root's records are read and written with.
 */
import { join } from 'node:path';
import { VaultError } from '../errors';
import type { SecretKeySource } from '../providers/secret-store';
import type { RootKeys } from './bearer-sealing';
import { KeychainClient, type KeychainClientOptions } from './keychain-client';
import type { KeyStore } from './key-store';
import { readKeychainRecord } from './keychain-record';
import { MasterKey, type MasterKeyStatus } from './master-key';
import { ROOT_ID_FILE, readRootId } from './root-id';

export interface KeychainLayer {
  readonly masterKey: MasterKey;
  /** Which keychain this platform uses, for the storage posture view. */
  readonly backend: string;
  status(): Promise<MasterKeyStatus>;
  /** Reads the key again (after the user unlocked the keyring). */
  retry(): Promise<MasterKeyStatus>;
  /**
   * What `root`'s records are read and written with. Reads the key (starting
   * the helper), so call it only for a record that looks encrypted or a
   * write into a root flagged encrypted: plain roots never need it.
   */
  keysForRoot(root: string): Promise<RootKeys>;
  /** The key for the vault's own secrets (provider client secrets). */
  readonly secretKeys: SecretKeySource;
  close(): void;
}

export interface KeychainLayerOptions extends KeychainClientOptions {
  /** Tests: a KeyStore instead of the helper process. */
  keyStore?: KeyStore;
}

export function keychainBackend(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (libsecret: GNOME Keyring, KWallet, KeePassXC)';
}

export function openKeychainLayer(home: string, options: KeychainLayerOptions = {}): KeychainLayer {
  const client = options.keyStore ? null : new KeychainClient(options);
  const masterKey = new MasterKey(home, options.keyStore ?? client!);
  return {
    masterKey,
    backend: keychainBackend(),
    status: () => masterKey.status(),
    retry: () => {
      // A fresh helper: the old one's libsecret stays bound to the keyring
      // daemon it first met, so a keyring restarted since (unlocked with
      // `gnome-keyring-daemon --replace --unlock`) was never found again.
      client?.close();
      return masterKey.retry();
    },
    async keysForRoot(root) {
      const rootId = readRootId(root);
      if (!rootId) {
        // Encrypted files with no root id cannot be placed: locked, with why.
        return {
          rootId: '',
          key: null,
          unavailableReason: `${join(root, ROOT_ID_FILE)} is missing; the root's encrypted files are bound to the id it held`,
        };
      }
      const status = await masterKey.status();
      return {
        rootId,
        key: await masterKey.key(),
        unavailableReason: reasonFor(status),
      };
    },
    secretKeys: {
      hasMasterKey: () => readKeychainRecord(home)?.keyFingerprint != null,
      async masterKey() {
        const key = await masterKey.key();
        const vaultId = readKeychainRecord(home)?.vaultId;
        if (key && vaultId) return { vaultId, key };
        throw new VaultError('locked', reasonFor(await masterKey.status()));
      },
    },
    close: () => client?.close(),
  };
}

function reasonFor(status: MasterKeyStatus): string {
  return 'reason' in status ? status.reason : `the master key is ${status.state}`;
}
