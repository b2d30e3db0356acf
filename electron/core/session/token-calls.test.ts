/**
 * Token calls against a real OAuth server: inspecting a bearer's token or a
 * pasted one (the answer never holds the token), and client_credentials
 * tokens, returned or stored as a linked bearer.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { providerFor } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import {
  callAs,
  homePath,
  sessionContextFixture,
  type SessionContextFixture,
} from '../../../test-support/session-context-fixture';
import { ProviderCaches } from './provider-caches';
import type { TokenCalls } from './session-api';
import { createTokenCalls } from './token-calls';

let server: OidcTestServer;
let fx: SessionContextFixture;
let calls: TokenCalls;

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  fx = sessionContextFixture();
  calls = createTokenCalls(fx.context, new ProviderCaches(fx.context));
  server.tokenSv = 1;
  await fx.context.vault.oauth.providers.add(
    providerFor(server, 'oidc'),
    server.clients.post.secret,
  );
});

async function issuedToken(): Promise<string> {
  const answer = await calls.clientCredentialsToken({ name: 'oidc' });
  if (answer.accessToken === null) throw new Error('expected a token');
  return answer.accessToken;
}

describe('inspect', () => {
  it("verifies a bearer's token with its linked provider, and never answers with the token", async () => {
    const token = await issuedToken();
    const store = await fx.context.sources.storeFor(fx.root);
    await store.put('agent', { accessToken: token, refreshToken: '', expiresAtUnix: 4102444800 });
    // The provider is found by the link, not by the token's issuer.
    await fx.context.vault.oauth.providers.add(
      providerFor(server, 'linked-one', { issuer: null }),
      server.clients.post.secret,
    );
    await fx.context.vault.oauth.links.set(fx.root, 'agent', 'linked-one');

    const inspection = await callAs('credvault:inspect.run', calls.inspect, {
      source: { kind: 'bearer', ref: { root: fx.root, id: 'agent' } },
    });
    expect(inspection).toMatchObject({
      kind: 'jwt',
      issuer: server.issuer,
      provider: 'linked-one',
      signature: { state: 'verified', algorithm: 'RS256', keyId: 'test-key-1', reason: null },
    });
    expect(inspection.claims?.sv).toBe(1);
    expect(inspection.expiresAt?.relativeS).toBeGreaterThan(3000);
    expect(JSON.stringify(inspection)).not.toContain(token);
  });

  it('inspects a pasted token, verifying only when asked', async () => {
    const token = await issuedToken();
    const unverified = await callAs('credvault:inspect.run', calls.inspect, {
      source: { kind: 'text', token: `${token}\n` },
      verify: false,
    });
    expect(unverified.signature.state).toBe('not-checked');
    expect(unverified.provider).toBeNull();

    const verified = await callAs('credvault:inspect.run', calls.inspect, {
      source: { kind: 'text', token },
      provider: 'oidc',
    });
    expect(verified).toMatchObject({ provider: 'oidc', signature: { state: 'verified' } });
    expect(JSON.stringify(verified)).not.toContain(token);
  });

  it('answers a pasted non-token with what is wrong, not an error', async () => {
    const inspection = await callAs('credvault:inspect.run', calls.inspect, {
      source: { kind: 'text', token: 'not a token at all' },
    });
    expect(inspection.kind).toBe('not-a-token');
    expect(inspection.problem).toEqual(expect.any(String));
  });

  it('says not-found for a bearer that does not exist', async () => {
    const error = await rejectionOf(
      calls.inspect({
        source: { kind: 'bearer', ref: { root: fx.root, id: 'ghost' } },
        verify: true,
      }),
    );
    expect(error).toMatchObject({ kind: 'not-found' });
  });
});

describe('client_credentials token', () => {
  it('returns the token with its expiry when not stored', async () => {
    const answer = await callAs('credvault:providers.token', calls.clientCredentialsToken, {
      name: 'oidc',
    });
    expect(answer).toMatchObject({ provider: 'oidc', storedAs: null });
    expect(answer.accessToken).toEqual(expect.any(String));
    const inS = answer.expiresAtUnix - Math.floor(fx.clock.nowMs() / 1000);
    expect(inS).toBeGreaterThan(3500);
    expect(inS).toBeLessThanOrEqual(3600);
  });

  it('stores it as a bearer linked to the provider, and answers without the token', async () => {
    const root = homePath(fx, 'agents');
    const answer = await callAs('credvault:providers.token', calls.clientCredentialsToken, {
      name: 'oidc',
      storeAs: { root, id: 'svc' },
    });
    expect(answer).toMatchObject({
      provider: 'oidc',
      accessToken: null,
      storedAs: { root, id: 'svc' },
    });
    const store = await fx.context.sources.storeFor(root);
    const stored = await store.readValidRecord('svc');
    expect(stored.refreshToken).toBe('');
    expect(stored.expiresAtUnix).toBe(answer.expiresAtUnix);
    expect(JSON.stringify(answer)).not.toContain(stored.accessToken);
    expect(fx.context.vault.oauth.links.get(root, 'svc')).toBe('oidc');
    expect(fx.eventsOf('credvault:bearers.changed')).toEqual([
      { root, ids: ['svc'], origin: 'session' },
    ]);
  });

  it('refuses a bad bearer id before asking the server', async () => {
    const before = server.tokenRequests;
    const error = await rejectionOf(
      calls.clientCredentialsToken({ name: 'oidc', storeAs: { root: fx.root, id: '../x' } }),
    );
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(server.tokenRequests).toBe(before);
  });

  it('says not-found for an unknown provider', async () => {
    const error = await rejectionOf(calls.clientCredentialsToken({ name: 'ghost' }));
    expect(error).toMatchObject({ kind: 'not-found' });
  });
});
