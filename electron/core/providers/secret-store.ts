/**
 * The vault's own secrets (today: providers' client secrets), behind one port.
 * Every secret goes through `SecretStore`, so a keychain encryption layer can
 * later wrap all of them in one place (a SecretStore that encrypts values and
 * delegates to this one) without touching any caller. Async for that reason:
 * keychains are.
 *
 * The file implementation keeps one file per secret in `<home>/secrets/`
 * (folder 0700, files 0600, atomic writes): `<key>.secret.json` holding
 * `{"version":1,"secret":"…"}`. One file each means no read-modify-write and
 * so no lock, and removing a provider removes exactly its file.
 */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import { quoteForMessage } from '../text/quote-for-message';
import { readPrivateJson } from './private-file';

export interface SecretStore {
  read(key: string): Promise<string | null>;
  write(key: string, value: string): Promise<void>;
  /** False when there was nothing to remove. */
  remove(key: string): Promise<boolean>;
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
  if (value.length > MAX_SECRET_CHARS)
    throw new VaultError('bad-input', `${what} is longer than ${MAX_SECRET_CHARS} characters`);
  if (/\p{Cc}/u.test(value)) throw new VaultError('bad-input', `${what} holds control characters`);
  return value;
}

export class FileSecretStore implements SecretStore {
  constructor(readonly dir: string) {}

  path(key: string): string {
    return join(this.dir, `${checkKey(key)}.secret.json`);
  }

  async read(key: string): Promise<string | null> {
    const path = this.path(key);
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

  async write(key: string, value: string): Promise<void> {
    const path = this.path(key);
    checkSecretValue(value, 'the secret');
    try {
      ensurePrivateDirSync(this.dir);
      writeFileAtomicSync(path, `${JSON.stringify({ version: 1, secret: value })}\n`);
    } catch (error) {
      throw environmentError('write', path, error);
    }
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
}
