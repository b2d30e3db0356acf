/** client_credentials against a real OAuth server, with the seed provider's semantics. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { providerFor } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { createHttpClient } from '../http/http-client';
import type { NetworkError } from '../http/network-error';
import type { ProviderConfig } from '../providers/provider-config';
import { ClientCredentialsTokenSource } from './client-credentials-source';

let server: OidcTestServer;
const http = createHttpClient();

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

function source(
  overrides: Partial<ProviderConfig>,
  secret: string | null,
  clock?: { nowMs(): number },
) {
  return new ClientCredentialsTokenSource({
    provider: providerFor(server, 'cc', overrides),
    clientSecret: secret,
    http,
    ...(clock ? { clock } : {}),
  });
}

describe('client_credentials', () => {
  it('gets a token with client_secret_post and with client_secret_basic', async () => {
    const post = await source(
      { clientId: server.clients.post.id, scope: 'api:read' },
      server.clients.post.secret,
    ).accessToken();
    expect(claimsOf(post.accessToken)).toMatchObject({
      client_id: server.clients.post.id,
      scope: 'api:read',
    });
    expect(post.expiresInS).toBe(3600);
    const basic = await source(
      { clientId: server.clients.basic.id, clientAuth: 'client_secret_basic' },
      server.clients.basic.secret,
    ).accessToken();
    expect(claimsOf(basic.accessToken)).toMatchObject({ client_id: server.clients.basic.id });
  });

  it("sends the seed's form (post) or a Basic header (basic), with the extra parameters", async () => {
    server.stubRequests = [];
    const secret = markedSecret('secret');
    await source(
      {
        tokenUrl: server.stubUrl('token'),
        clientId: 'seed-client',
        extraParams: { provider: 'client_credentials' },
      },
      secret,
    ).accessToken();
    expect(server.stubRequests[0]).toEqual({
      authorization: null,
      form: {
        grant_type: 'client_credentials',
        provider: 'client_credentials',
        client_id: 'seed-client',
        client_secret: secret,
      },
    });
    await source(
      {
        tokenUrl: server.stubUrl('token'),
        clientId: 'seed client',
        clientAuth: 'client_secret_basic',
      },
      'p@ss:word',
    ).accessToken();
    const basic = server.stubRequests[1];
    // RFC 6749 2.3.1: id and secret are form-encoded before base64.
    expect(basic?.authorization).toBe(
      `Basic ${Buffer.from('seed+client:p%40ss%3Aword').toString('base64')}`,
    );
    expect(basic?.form).toEqual({ grant_type: 'client_credentials' });
  });

  it('reuses the token until it is within the window, shares one exchange, and exchanges again after invalidate()', async () => {
    let now = Date.now();
    const clock = { nowMs: () => now };
    const cc = source({ clientId: server.clients.post.id }, server.clients.post.secret, clock);
    const before = server.tokenRequests;
    const burst = await Promise.all(Array.from({ length: 10 }, () => cc.accessToken()));
    expect(server.tokenRequests - before).toBe(1);
    expect(new Set(burst.map((t) => t.accessToken)).size).toBe(1);
    await cc.accessToken();
    expect(server.tokenRequests - before).toBe(1);
    now += (3600 - 61) * 1000; // still outside the 60 s window
    await cc.accessToken();
    expect(server.tokenRequests - before).toBe(1);
    now += 2000; // inside it
    await cc.accessToken();
    expect(server.tokenRequests - before).toBe(2);
    cc.invalidate();
    await cc.accessToken();
    expect(server.tokenRequests - before).toBe(3);
  });

  it('keeps failures distinct: HTTP status with the OAuth error, no access token, not JSON, transport', async () => {
    const wrong = (await rejectionOf(
      source({ clientId: server.clients.post.id }, markedSecret('wrong')).accessToken(),
    )) as NetworkError;
    expect(wrong.failure).toBe('http-status');
    expect(wrong.status).toBe(401);
    expect(wrong.message).toMatch(/HTTP 401 invalid_client \(client authentication failed\)/);

    const stub = source({ tokenUrl: server.stubUrl('token') }, markedSecret());
    server.stubReply = { status: 200, body: '{"expires_in":60}' };
    expect(((await rejectionOf(stub.accessToken())) as NetworkError).failure).toBe(
      'missing-access-token',
    );
    server.stubReply = { status: 200, body: '<html>', contentType: 'text/html' };
    expect(((await rejectionOf(stub.accessToken())) as NetworkError).failure).toBe('not-json');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = (await rejectionOf(
      source({ tokenUrl: `http://127.0.0.1:${port}/token` }, markedSecret()).accessToken(),
    )) as NetworkError;
    expect(down.failure).toBe('transport');
  });

  it('refuses to start without a secret for post or basic', () => {
    expect(() => source({}, null)).toThrowError(
      /uses client_secret_post but has no client secret stored/,
    );
    expect(() => source({ clientAuth: 'none' }, null)).not.toThrow();
  });
});
