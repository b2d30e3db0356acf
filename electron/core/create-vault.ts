/**
 * The composition root of the core: the one place that builds stores and
 * services from a vault home, for the CLI and the desktop app alike. Front
 * ends ask it for what they need; nothing else constructs core services.
 */
import { BearerStore } from './bearers/bearer-store';
import { ApiKeyStore } from './keys/key-store';
import type { SecretKeySource } from './providers/secret-store';
import type { HttpClient } from './http/http-client';
import {
  createOAuthServices,
  httpTimeoutFromEnv,
  type OAuthServices,
} from './oauth/oauth-services';
import { systemClock, type Clock } from './ports/clock';
import { vaultPaths, type VaultPaths } from './vault-paths';

export interface VaultOptions {
  home: string;
  /** The environment: CREDVAULT_HTTP_TIMEOUT_MS sets the HTTP timeout. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  http?: HttpClient;
  /** The keychain layer's master key for the vault's own secrets (default: none). */
  secretKeys?: SecretKeySource;
}

export interface Vault {
  readonly paths: VaultPaths;
  /** Built on first use: its settings are only checked when OAuth is needed. */
  readonly oauth: OAuthServices;
  bearerStore(options?: { root?: string; nearExpiryWindowS?: number }): BearerStore;
  /** `file` names a key file that must exist (except to mint); without it, the default file. */
  keyStore(options?: { file?: string; prefix?: string }): ApiKeyStore;
  /** Deletes a bearer and forgets its provider link, so a new bearer of that id starts unlinked. */
  removeBearer(store: BearerStore, id: string): Promise<void>;
}

export function createVault(options: VaultOptions): Vault {
  const paths = vaultPaths(options.home);
  const clock = options.clock ?? systemClock;
  let oauth: OAuthServices | null = null;
  const vault: Vault = {
    paths,
    get oauth() {
      if (oauth === null) {
        const httpTimeoutMs = httpTimeoutFromEnv(options.env ?? {});
        oauth = createOAuthServices({
          home: paths.home,
          clock,
          ...(options.http === undefined ? {} : { http: options.http }),
          ...(options.secretKeys === undefined ? {} : { secretKeys: options.secretKeys }),
          ...(httpTimeoutMs === undefined ? {} : { httpTimeoutMs }),
        });
      }
      return oauth;
    },
    bearerStore: (storeOptions = {}) =>
      new BearerStore({
        root: storeOptions.root ?? paths.defaultBearerRoot,
        clock,
        ...(storeOptions.nearExpiryWindowS === undefined
          ? {}
          : { nearExpiryWindowS: storeOptions.nearExpiryWindowS }),
      }),
    keyStore: (keyOptions = {}) =>
      new ApiKeyStore({
        path: keyOptions.file ?? paths.defaultKeyFile,
        // Only the vault's own file may be missing (no keys yet); a file the
        // user named that is missing is a mistake to report.
        mayBeAbsent: keyOptions.file === undefined,
        clock,
        ...(keyOptions.prefix === undefined ? {} : { prefix: keyOptions.prefix }),
      }),
    removeBearer: async (store, id) => {
      await store.remove(id);
      await vault.oauth.links.remove(store.root, id);
    },
  };
  return vault;
}
