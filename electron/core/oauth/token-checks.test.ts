/**
 * Inspection and the break-glass check wired to configured providers, against
 * a real OAuth server's JWKS and a userinfo route the test steers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../http/http-client';
import { reSignedWithAnotherKey } from '../../../test-support/forged-jwt';
import { addProvider, oauthFixture, type OAuthFixture } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { ClientCredentialsTokenSource } from './client-credentials-source';
import { checkSessionVersion, inspectWithProviders, type TokenCheckContext } from './token-checks';

let server: OidcTestServer;
let fx: OAuthFixture;

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fx = oauthFixture();
  server.tokenSv = 1;
  server.svReply = { sessionVersion: 1 };
});

async function jwtAccessToken(): Promise<string> {
  const provider = await fx.services.providers.get('oidc');
  const source = new ClientCredentialsTokenSource({
    provider,
    clientSecret: server.clients.post.secret,
    http: fx.services.http,
  });
  return (await source.accessToken()).accessToken;
}

function context(extra: Partial<TokenCheckContext> = {}): TokenCheckContext {
  return {
    providers: fx.services.providers,
    http: fx.services.http,
    clock: fx.services.clock,
    ...extra,
  };
}

/** The vault's HttpClient, remembering the URL of every request sent through it. */
function recordingHttp(http: HttpClient): HttpClient & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    timeoutMs: http.timeoutMs,
    send: (request) => {
      urls.push(request.url);
      return http.send(request);
    },
  };
}

/** The same token with one claim changed and the original signature kept. */
function withEditedClaims(token: string, edit: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = {
    ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')),
    ...edit,
  };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

describe('inspection with provider keys', () => {
  it("verifies a JWT against the JWKS of the provider whose issuer matches the token's", async () => {
    await addProvider(fx, server, 'oidc');
    const { inspection, provider } = await inspectWithProviders(
      await jwtAccessToken(),
      context(),
      true,
    );
    expect(provider?.name).toBe('oidc');
    expect(inspection.signature).toEqual({
      state: 'verified',
      keyId: 'test-key-1',
      algorithm: 'RS256',
    });
    expect(inspection.issuer).toBe(server.issuer);
  });

  it('reports a token with edited claims as failed', async () => {
    await addProvider(fx, server, 'oidc');
    const forged = withEditedClaims(await jwtAccessToken(), { scope: 'admin' });
    const { inspection } = await inspectWithProviders(forged, context(), true);
    expect(inspection.signature).toEqual({
      state: 'failed',
      reason: 'signature verification failed',
    });
    expect(inspection.scopes).toEqual(['admin']);
  });

  it('does not check a token whose issuer no provider is configured with, whatever URL it names', async () => {
    await addProvider(fx, server, 'oidc', { issuer: 'https://someone-else.example.com' });
    const token = await jwtAccessToken();
    const { inspection, provider } = await inspectWithProviders(token, context(), true);
    expect(provider).toBeNull();
    expect(inspection.signature).toEqual({
      state: 'not-checked',
      reason: `no provider is configured with issuer "${server.issuer}"`,
    });
    // The explicitly named or linked provider is used whatever the token says.
    expect(
      (await inspectWithProviders(token, context({ named: 'oidc' }), true)).inspection.signature
        .state,
    ).toBe('verified');
    expect(
      (await inspectWithProviders(token, context({ linked: 'oidc' }), true)).inspection.signature
        .state,
    ).toBe('verified');
  });

  it('says when the chosen provider has no keys, and checks nothing unless asked', async () => {
    await addProvider(fx, server, 'oidc', { jwksUrl: null });
    const token = await jwtAccessToken();
    expect((await inspectWithProviders(token, context(), true)).inspection.signature).toEqual({
      state: 'not-checked',
      reason: 'provider "oidc" has no JWKS URL or PASETO key configured',
    });
    expect((await inspectWithProviders(token, context(), false)).inspection.signature.state).toBe(
      'not-checked',
    );
  });
});

describe('break-glass check', () => {
  it('is current while the session version matches, stale once it moved on', async () => {
    await addProvider(fx, server, 'oidc');
    const token = await jwtAccessToken();
    const current = await checkSessionVersion(token, context());
    expect(current.result).toEqual({ result: 'current', tokenSv: 1, currentSv: 1 });
    expect(current.inspection.signature.state).toBe('verified');
    server.svReply = { sessionVersion: 2 };
    expect((await checkSessionVersion(token, context())).result).toEqual({
      result: 'stale',
      tokenSv: 1,
      currentSv: 2,
    });
  });

  it('is unverifiable (fail closed) when the lookup fails or answers a non-integer', async () => {
    await addProvider(fx, server, 'oidc');
    const token = await jwtAccessToken();
    server.svReply = { status: 500 };
    const failed = await checkSessionVersion(token, context());
    expect(failed.result.result).toBe('unverifiable');
    expect(failed.detail).toMatch(
      /userinfo endpoint .*\/sv-userinfo answered HTTP 500 server_error \(lookup failed\)/,
    );
    for (const sessionVersion of ['2', 1.5, null]) {
      server.svReply = { sessionVersion };
      expect((await checkSessionVersion(token, context())).result).toEqual({
        result: 'unverifiable',
        reason: 'the session version lookup did not return a safe integer',
      });
    }
  });

  it('is unverifiable without a userinfo URL, and no-sv for a token without sv', async () => {
    await addProvider(fx, server, 'oidc', { userinfoUrl: null });
    const report = await checkSessionVersion(await jwtAccessToken(), context());
    expect(report.result.result).toBe('unverifiable');
    expect(report.detail).toBe('provider "oidc" has no userinfo URL configured (--userinfo-url)');
    server.tokenSv = null;
    expect((await checkSessionVersion(await jwtAccessToken(), context())).result).toEqual({
      result: 'no-sv',
    });
  });

  it('answers bad-signature for a forged copy (same iss, sub, kid, sv) without asking userinfo', async () => {
    await addProvider(fx, server, 'oidc');
    const real = await jwtAccessToken();
    const forged = await reSignedWithAnotherKey(real);
    server.tokenSv = null; // the server would vouch for the copied session if asked
    const http = recordingHttp(fx.services.http);
    const report = await checkSessionVersion(forged, context({ http }));
    expect(report.inspection.issuer).toBe(server.issuer);
    expect(report.inspection.claims?.sv).toBe(1);
    expect(report.result).toEqual({
      result: 'bad-signature',
      reason: 'signature verification failed',
    });
    expect(report.detail).toBeNull();
    expect(http.urls).toContain(server.jwksUrl);
    expect(http.urls).not.toContain(server.svUserinfoUrl);
    // The real token, through the same path, is still asked about and admitted.
    expect((await checkSessionVersion(real, context({ http }))).result.result).toBe('current');
    expect(http.urls).toContain(server.svUserinfoUrl);
  });

  it('compares as before without keys, and says the signature was not checked', async () => {
    await addProvider(fx, server, 'oidc', { jwksUrl: null });
    const forged = await reSignedWithAnotherKey(await jwtAccessToken());
    const report = await checkSessionVersion(forged, context());
    expect(report.result).toEqual({ result: 'current', tokenSv: 1, currentSv: 1 });
    expect(report.signatureNotChecked).toBe(
      'provider "oidc" has no JWKS URL or PASETO key configured',
    );
  });

  it('fails closed without asking userinfo when the provider has keys that cannot be fetched', async () => {
    await addProvider(fx, server, 'oidc', { jwksUrl: `${server.issuer}/no-such-jwks` });
    const http = recordingHttp(fx.services.http);
    const report = await checkSessionVersion(await jwtAccessToken(), context({ http }));
    expect(report.result).toEqual({
      result: 'unverifiable',
      reason:
        'the signature could not be checked (could not get a usable key from provider "oidc")',
    });
    expect(http.urls).not.toContain(server.svUserinfoUrl);
  });
});
