/**
 * The vault's own secrets (today: providers' client secrets), behind one port.
 * Every secret goes through `SecretStore`, so the keychain layer applies to
 * all of them in one place. Async for that reason: keychains are.
 *
 * The file implementation keeps one file per secret in `<home>/secrets/`
 * (folder 0700, files 0600, atomic writes): `<key>.secret.json` holding
 * `{"version":1,"secret":"…"}`. One file each means no read-modify-write and
 * so no lock, and removing a provider removes exactly its file.
 *
 * Whenever the vault has a master key (keychain.json records one), a secret
 * is written in the encrypted form (`"$cv1$…"`, the bearer files' form,
 * bound to this vault, the secret's name and its file name), and without
 * the key the write is refused: once a key exists, no secret is written in
 * plain text. Reading accepts both forms; an encrypted secret with no key is
 * a `locked` error, never a plaintext fallback.
 */
import { unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import {
  decryptSecret,
  encryptSecret,
  looksEncrypted,
  type SecretPlace,
} from '../keychain/secret-box';
import { quoteForMessage } from '../text/quote-for-message';
import { readPrivateJson } from './private-file';

export interface SecretStore {
  read(key: string): Promise<string | null>;
  /** Whether a secret is stored, without opening it (so it needs no key). */
  has(key: string): Promise<boolean>;
  write(key: string, value: string): Promise<void>;
  /** False when there was nothing to remove. */
  remove(key: string): Promise<boolean>;
  /**
   * Rewrites a plain secret in the encrypted form when the vault has a master
   * key (what turning the keychain layer on does to existing secrets); true
   * when it rewrote the file.
   */
  seal(key: string): Promise<boolean>;
}

/** The master key as the vault's own secrets see it (the session's keychain layer). */
export interface SecretKeySource {
  /** Whether the vault has a master key: keychain.json records one. Asks no keychain. */
  hasMasterKey(): boolean;
  /**
   * The key and the vault id that binds ciphertexts to this vault; a `locked`
   * VaultError (saying why) when the key cannot be had. Never creates a key.
   */
  masterKey(): Promise<{ vaultId: string; key: Buffer }>;
}

/** A store opened without the keychain layer: no key, so encrypted secrets are locked. */
const NO_MASTER_KEY: SecretKeySource = {
  hasMasterKey: () => false,
  masterKey: () =>
    Promise.reject(
      new VaultError('locked', 'this program opened the vault without the keychain layer'),
    ),
};

/**
 * Where a vault secret lives. A root id is 32 hex digits, so this label can
 * never be one: a secret file never decrypts as a bearer file, nor the reverse.
 */
export function vaultSecretPlace(vaultId: string, key: string, fileName: string): SecretPlace {
  return { rootId: `vault secrets ${vaultId}`, bearerId: key, fileName };
}

const SECRET_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}-[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_SECRET_CHARS = 16 * 1024;

export function providerSecretKey(providerName: string): string {
  return `provider-${providerName}`;
}

function checkKey(key: string): string {
  if (!SECRET_KEY_PATTERN.test(key))
    throw new VaultError('bad-input', `invalid secret name ${quoteForMessage(key)}`);
  return key;
}

/** Checks a secret before it is stored; the message never quotes it. */
export function checkSecretValue(value: string, what: string): string {
  if (value.length === 0) throw new VaultError('bad-input', `${what} is empty`);
  // It would be read back as a damaged ciphertext.
  if (looksEncrypted(value))
    throw new VaultError(
      'bad-input',
      `${what} starts with "$cv<digits>$", which marks Credvault's encrypted form`,
    );
  if (value.length > MAX_SECRET_CHARS)
    throw new VaultError('bad-input', `${what} is longer than ${MAX_SECRET_CHARS} characters`);
  if (/\p{Cc}/u.test(value)) throw new VaultError('bad-input', `${what} holds control characters`);
  return value;
}

export class FileSecretStore implements SecretStore {
  constructor(
    readonly dir: string,
    private readonly keys: SecretKeySource = NO_MASTER_KEY,
  ) {}

  path(key: string): string {
    return join(this.dir, `${checkKey(key)}.secret.json`);
  }

  async read(key: string): Promise<string | null> {
    const path = this.path(key);
    const stored = this.readStored(path);
    if (stored === null || !looksEncrypted(stored)) return stored;
    const { vaultId, key: masterKey } = await this.masterKeyFor(path, 'read');
    return decryptSecret(masterKey, this.place(vaultId, key, path), stored, path);
  }

  async has(key: string): Promise<boolean> {
    return this.readStored(this.path(key)) !== null;
  }

  async write(key: string, value: string): Promise<void> {
    const path = this.path(key);
    checkSecretValue(value, 'the secret');
    let stored = value;
    if (this.keys.hasMasterKey()) {
      const { vaultId, key: masterKey } = await this.masterKeyFor(path, 'write');
      stored = encryptSecret(masterKey, this.place(vaultId, key, path), value);
    }
    this.writeStored(path, stored);
  }

  async seal(key: string): Promise<boolean> {
    const path = this.path(key);
    const stored = this.readStored(path);
    if (stored === null || looksEncrypted(stored) || !this.keys.hasMasterKey()) return false;
    const { vaultId, key: masterKey } = await this.masterKeyFor(path, 'write');
    // One atomic rewrite: a crash leaves the old plain file or the new one.
    this.writeStored(path, encryptSecret(masterKey, this.place(vaultId, key, path), stored));
    return true;
  }

  async remove(key: string): Promise<boolean> {
    const path = this.path(key);
    try {
      unlinkSync(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw environmentError('remove', path, error);
    }
  }

  /** The secret as the file holds it (either form), or null when there is no file. */
  private readStored(path: string): string | null {
    const value = readPrivateJson(path);
    if (value === null) return null;
    if (
      typeof value !== 'object' ||
      value === null ||
      (value as { version?: unknown }).version !== 1
    ) {
      throw new VaultError('bad-input', `${path} is not a Credvault secret file (version 1)`);
    }
    const secret = (value as { secret?: unknown }).secret;
    if (typeof secret !== 'string' || secret === '')
      throw new VaultError('bad-input', `${path} holds no secret`);
    return secret;
  }

  private writeStored(path: string, secret: string): void {
    try {
      ensurePrivateDirSync(this.dir);
      writeFileAtomicSync(path, `${JSON.stringify({ version: 1, secret })}\n`);
    } catch (error) {
      throw environmentError('write', path, error);
    }
  }

  private place(vaultId: string, key: string, path: string): SecretPlace {
    return vaultSecretPlace(vaultId, key, basename(path));
  }

  /** The master key, or a `locked` error naming the file: never a plaintext fallback. */
  private async masterKeyFor(path: string, action: 'read' | 'write') {
    try {
      return await this.keys.masterKey();
    } catch (error) {
      if (!(error instanceof VaultError) || error.kind !== 'locked') throw error;
      throw new VaultError(
        'locked',
        action === 'read'
          ? `${path} is encrypted and cannot be read without the master key: ${error.message}`
          : `refusing to write ${path} in plain text while the vault has a master key, which is not available: ${error.message}`,
        { cause: error },
      );
    }
  }
}
