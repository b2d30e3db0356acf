/**
 * API key files as session calls: list, mint, validate, revoke. Without a
 * `file`, the vault's own key file (which may not exist yet); a file the
 * caller names must exist, except to mint into it. A new key is in the
 * answer to `mint` and nowhere else, ever.
 *
 * `credvault:keys.changed` follows every call that rewrote the file: mint,
 * revoke, and a validation that recorded the key's use (`last_used`, written
 * at most once a minute per key), so a window showing "last used" stays true
 * without polling, and a burst of validations raises about one event a minute.
 */
import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ApiKeyInfo } from '@shared/domain/api-key';
import { environmentError } from '../errors';
import type { KeyCalls } from './session-api';
import type { SessionContext } from './session-context';

function keyInfo(info: ApiKeyInfo) {
  return {
    name: info.name,
    hashHex: info.hashHex,
    createdAt: info.createdAt,
    lastUsed: info.lastUsed,
    error: info.error ?? null,
  };
}

/** Whether a file is at `path` (the store has just read it, or found none). */
function fileExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw environmentError('inspect', path, error);
  }
}

export function createKeyCalls(context: SessionContext): KeyCalls {
  /** The store of `file` (resolved to an absolute path), or of the vault's own key file. */
  const storeFor = (file: string | undefined, prefix?: string) =>
    context.vault.keyStore({
      ...(file === undefined ? {} : { file: resolve(file) }),
      ...(prefix === undefined ? {} : { prefix }),
    });

  const changed = (file: string) => context.events.emit('credvault:keys.changed', { file });

  return {
    listKeys: async ({ file }) => {
      const store = storeFor(file);
      const keys = store.list().map(keyInfo);
      return { file: store.path, exists: keys.length > 0 || fileExists(store.path), keys };
    },

    mintKey: async ({ file, name, prefix }) => {
      const store = storeFor(file, prefix);
      const minted = await store.mint(name);
      changed(store.path);
      return {
        file: store.path,
        createdFile: minted.createdFile,
        name: minted.name,
        key: minted.key,
        hashHex: minted.hashHex,
        createdAt: minted.createdAt,
      };
    },

    validateKey: async ({ file, key }) => {
      const store = storeFor(file);
      // The seed trims what it is given; so does the CLI's stdin.
      const found = await store.validate(key.trim());
      if (found === null) return { valid: false, name: null, hashHex: null, warning: null };
      if (found.recordedUse) changed(store.path);
      return {
        valid: true,
        name: found.name,
        hashHex: found.hashHex,
        warning:
          found.recordError === null
            ? null
            : `the key is valid, but its use could not be recorded: ${found.recordError.message}`,
      };
    },

    revokeKeys: async (request) => {
      const store = storeFor(request.file);
      const revoked =
        'name' in request
          ? await store.revokeByName(request.name)
          : await store.revokeByHashPrefix(request.hashPrefix);
      changed(store.path);
      return { file: store.path, revoked: revoked.map(keyInfo) };
    },
  };
}
