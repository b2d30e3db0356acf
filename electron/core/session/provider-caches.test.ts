/**
 * The session's per-provider caches against a real OAuth server, counting
 * the requests it receives: a JWKS fetched once, sv answers cached 60 s per
 * user, a client_credentials token reused while it lasts, and all of them
 * dropped when the provider changes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerFor } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import {
  sessionContextFixture,
  type SessionContextFixture,
} from '../../../test-support/session-context-fixture';
import { ProviderCaches } from './provider-caches';
import { createProviderCalls } from './provider-calls';

let server: OidcTestServer;
let fx: SessionContextFixture;
let caches: ProviderCaches;

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  fx = sessionContextFixture();
  caches = new ProviderCaches(fx.context);
  server.tokenSv = 1;
  server.svReply = { sessionVersion: 1 };
  await fx.context.vault.oauth.providers.add(
    providerFor(server, 'oidc'),
    server.clients.post.secret,
  );
});

/** How many requests `counter` gains while `run` runs. */
async function requestsDuring(counter: () => number, run: () => Promise<unknown>): Promise<number> {
  const before = counter();
  await run();
  return counter() - before;
}

const jwks = () => server.jwksRequests;
const userinfo = () => server.svUserinfoRequests;
const tokens = () => server.tokenRequests;

async function accessToken(): Promise<string> {
  return (await caches.clientCredentialsToken('oidc')).token.accessToken;
}

describe('sv answers', () => {
  it('answers a second check within 60 s without a request, and asks again after', async () => {
    const token = await accessToken();
    const first = await caches.checkSessionVersion(token, {});
    expect(first.result).toEqual({ result: 'current', tokenSv: 1, currentSv: 1 });
    expect(first.inspection.signature.state).toBe('verified');

    // The server revokes the session: within 60 s the cached answer stands.
    server.svReply = { sessionVersion: 2 };
    fx.clock.advance(59_000);
    const cachedCalls = await requestsDuring(userinfo, async () => {
      const again = await caches.checkSessionVersion(token, {});
      expect(again.result).toEqual({ result: 'current', tokenSv: 1, currentSv: 1 });
    });
    expect(cachedCalls).toBe(0);

    fx.clock.advance(1_000);
    const freshCalls = await requestsDuring(userinfo, async () => {
      const later = await caches.checkSessionVersion(token, {});
      expect(later.result).toEqual({ result: 'stale', tokenSv: 1, currentSv: 2 });
    });
    expect(freshCalls).toBe(1);
  });

  it('starts afresh when the provider is edited', async () => {
    const token = await accessToken();
    await caches.checkSessionVersion(token, {});
    const providers = createProviderCalls(fx.context, caches);
    await providers.editProvider({ name: 'oidc', changes: { scope: 'api:read' } });
    expect(await requestsDuring(userinfo, () => caches.checkSessionVersion(token, {}))).toBe(1);
  });
});

describe('JWKS', () => {
  it('is fetched once across several inspections', async () => {
    const token = await accessToken();
    const fetched = await requestsDuring(jwks, async () => {
      for (let i = 0; i < 3; i++) {
        const { inspection, provider } = await caches.inspect(token, { verify: true });
        expect(inspection.signature.state).toBe('verified');
        expect(provider?.name).toBe('oidc');
      }
      await caches.checkSessionVersion(token, {});
    });
    expect(fetched).toBe(1);
  });

  it('is fetched again once the provider changed, in this session or another process', async () => {
    const token = await accessToken();
    await caches.inspect(token, { verify: true });
    const providers = createProviderCalls(fx.context, caches);
    await providers.editProvider({ name: 'oidc', changes: { scope: 'api:read' } });
    expect(await requestsDuring(jwks, () => caches.inspect(token, { verify: true }))).toBe(1);

    // Another process rewrites providers.json: the new config gets new keys.
    await fx.context.vault.oauth.providers.add(providerFor(server, 'oidc', { scope: null }), null, {
      replace: true,
    });
    expect(await requestsDuring(jwks, () => caches.inspect(token, { verify: true }))).toBe(1);
  });
});

describe('client_credentials tokens', () => {
  it('reuses a token within its lifetime: one request for two calls', async () => {
    let first = '';
    let second = '';
    const requests = await requestsDuring(tokens, async () => {
      first = await accessToken();
      second = await accessToken();
    });
    expect(requests).toBe(1);
    expect(second).toBe(first);
  });

  it('gets a new token within 60 s of expiry, and after the provider changed', async () => {
    await accessToken();
    fx.clock.advance((3600 - 59) * 1000);
    expect(await requestsDuring(tokens, accessToken)).toBe(1);

    const providers = createProviderCalls(fx.context, caches);
    await providers.editProvider({ name: 'oidc', changes: { scope: 'api:read' } });
    const afterEdit = await requestsDuring(tokens, async () => {
      const { token } = await caches.clientCredentialsToken('oidc');
      expect(token.scope).toBe('api:read');
    });
    expect(afterEdit).toBe(1);
    expect(await requestsDuring(tokens, accessToken)).toBe(0);
  });
});
