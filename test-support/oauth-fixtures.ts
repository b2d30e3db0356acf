/**
 * A vault home and bearer root wired to the OAuth core, plus providers that
 * point at the oidc test server, for the OAuth integration tests.
 */
import { join } from 'node:path';
import { BearerStore } from '../electron/core/bearers/bearer-store';
import { createHttpClient } from '../electron/core/http/http-client';
import { createOAuthServices, type OAuthServices } from '../electron/core/oauth/oauth-services';
import type { Clock } from '../electron/core/ports/clock';
import type { ProviderConfig } from '../electron/core/providers/provider-config';
import type { OidcTestServer } from './oidc-test-server';
import { makeTempDir } from './temp-dir';

export interface OAuthFixture {
  home: string;
  root: string;
  store: BearerStore;
  services: OAuthServices;
}

export function oauthFixture(options: { timeoutMs?: number; clock?: Clock } = {}): OAuthFixture {
  const home = makeTempDir('credvault-oauth-');
  const root = join(home, 'bearers');
  const store = new BearerStore({ root, ...(options.clock ? { clock: options.clock } : {}) });
  const services = createOAuthServices({
    home,
    http: createHttpClient(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { home, root, store, services };
}

export function providerFor(
  server: OidcTestServer,
  name: string,
  overrides: Partial<ProviderConfig> = {},
): ProviderConfig {
  return {
    name,
    tokenUrl: server.tokenUrl,
    clientId: server.clients.post.id,
    clientAuth: 'client_secret_post',
    scope: null,
    extraParams: {},
    issuer: server.issuer,
    jwksUrl: server.jwksUrl,
    pasetoPublicKeyHex: null,
    userinfoUrl: server.svUserinfoUrl,
    ...overrides,
  };
}

/** Adds a provider for the server's post client (or basic, with clientAuth basic). */
export async function addProvider(
  fixture: OAuthFixture,
  server: OidcTestServer,
  name: string,
  overrides: Partial<ProviderConfig> = {},
): Promise<ProviderConfig> {
  const config = providerFor(server, name, overrides);
  const client =
    config.clientAuth === 'client_secret_basic' ? server.clients.basic : server.clients.post;
  const secret = config.clientAuth === 'none' ? null : client.secret;
  await fixture.services.providers.add(
    { ...config, clientId: overrides.clientId ?? client.id },
    secret,
  );
  return config;
}

/** A bearer holding `refreshToken`, expiring in `expiresInS`, linked to `provider`. */
export async function putLinkedBearer(
  fixture: OAuthFixture,
  id: string,
  record: { accessToken: string; refreshToken: string; expiresInS: number },
  provider: string,
): Promise<void> {
  const expiresAtUnix = Math.floor(Date.now() / 1000) + record.expiresInS;
  await fixture.store.put(id, {
    accessToken: record.accessToken,
    refreshToken: record.refreshToken,
    expiresAtUnix,
  });
  await fixture.services.links.set(fixture.root, id, provider);
}
