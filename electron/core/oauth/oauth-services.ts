/**
 * Builds the OAuth side of the core for one vault home and bearer root, the
 * same way for the CLI and the app: providers, links, the HTTP client and the
 * refresher over a bearer store.
 */
import { join } from 'node:path';
import type { BearerStore } from '../bearers/bearer-store';
import { VaultError } from '../errors';
import { createHttpClient, type HttpClient } from '../http/http-client';
import { systemClock, type Clock } from '../ports/clock';
import { BearerLinks } from '../providers/bearer-links';
import {
  linkToProvider,
  removeProvider,
  type ProviderRemoval,
  type RemoveProviderOptions,
} from '../providers/provider-removal';
import { ProviderStore, SECRETS_DIR } from '../providers/provider-store';
import { FileSecretStore, type SecretKeySource } from '../providers/secret-store';
import { BearerRefresher } from './bearer-refresher';

/** Overrides the 10 s HTTP timeout (milliseconds); mostly for slow networks and tests. */
export const HTTP_TIMEOUT_ENV = 'CREDVAULT_HTTP_TIMEOUT_MS';

export interface OAuthServices {
  providers: ProviderStore;
  links: BearerLinks;
  http: HttpClient;
  clock: Clock;
  refresher(store: BearerStore): BearerRefresher;
  /** Links a bearer to a provider that exists (checked under the links lock). */
  linkBearer(root: string, id: string, provider: string): Promise<void>;
  /** Removes a provider; refused while bearers are linked to it unless forced, which unlinks them. */
  removeProvider(name: string, options?: RemoveProviderOptions): Promise<ProviderRemoval>;
}

export function httpTimeoutFromEnv(env: Record<string, string | undefined>): number | undefined {
  const raw = env[HTTP_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,7}$/.test(raw) || Number(raw) < 1) {
    throw new VaultError(
      'bad-input',
      `${HTTP_TIMEOUT_ENV} must be a whole number of milliseconds (1 to 9999999)`,
    );
  }
  return Number(raw);
}

export function createOAuthServices(options: {
  home: string;
  http?: HttpClient;
  httpTimeoutMs?: number;
  clock?: Clock;
  secretKeys?: SecretKeySource;
}): OAuthServices {
  const providers = new ProviderStore(
    options.home,
    new FileSecretStore(join(options.home, SECRETS_DIR), options.secretKeys),
  );
  const links = new BearerLinks(options.home);
  const http =
    options.http ??
    createHttpClient(
      options.httpTimeoutMs === undefined ? {} : { timeoutMs: options.httpTimeoutMs },
    );
  const clock = options.clock ?? systemClock;
  return {
    providers,
    links,
    http,
    clock,
    refresher: (store) => new BearerRefresher({ store, providers, links, http, clock }),
    linkBearer: (root, id, provider) => linkToProvider(providers, links, root, id, provider),
    removeProvider: (name, removeOptions) => removeProvider(providers, links, name, removeOptions),
  };
}
