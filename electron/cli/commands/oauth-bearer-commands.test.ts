/**
 * `credvault bearers link / refresh / check-sv` as a user runs it, against a
 * real OAuth server (see test-support/oauth-cli.ts). runCliInProcess fails any
 * test whose stderr (or stdout, unless the command reveals by design) shows a
 * marked secret: client secrets and every refresh token the server issues
 * carry the marker.
 */
import { describe, expect, it } from 'vitest';
import { reSignedWithAnotherKey } from '../../../test-support/forged-jwt';
import { markedSecret } from '../../../test-support/leak-marker';
import { useOAuthCli } from '../../../test-support/oauth-cli';

const s = useOAuthCli();

describe('credvault bearers link / refresh', () => {
  it('refreshes through the linked provider, rotating the refresh token, and says when no request was needed', async () => {
    await s.addProvider('oidc');
    const refreshToken = await s.server.issueRefreshToken('post');
    await s.putBearer(
      'agent',
      { access: markedSecret('access'), refresh: refreshToken, expiresInS: 60 },
      'oidc',
    );
    const first = await s.cli(['bearers', 'refresh', 'agent', '--json']);
    expect(first.code).toBe(0);
    const json = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      id: 'agent',
      provider: 'oidc',
      requested: true,
      grant: 'refresh_token',
      rotated: true,
      status: 'ok',
      window_s: 300,
      conflict: null,
    });
    expect(Object.keys(json)).toEqual([
      'id',
      'provider',
      'requested',
      'grant',
      'rotated',
      'status',
      'expires_at_unix',
      'expires_in_s',
      'window_s',
      'conflict',
    ]);
    const second = await s.cli(['bearers', 'refresh', 'agent']);
    expect(second.stdout).toMatch(
      /^bearer agent is not near expiry \(expires .*\): no request made/,
    );
    expect(await s.server.refreshTokenState(refreshToken)).toBe('consumed');
  });

  it('exits 3 with one line on a network failure, 2 for an unlinked bearer, 1 for an unknown one', async () => {
    await s.addProvider('stall', [], s.server.clients.post, s.server.stubUrl('stall'));
    await s.putBearer(
      'agent',
      { access: 'old-access-token', refresh: markedSecret(), expiresInS: 10 },
      'stall',
    );
    const stalled = await s.cli(['bearers', 'refresh', 'agent'], {
      env: { CREDVAULT_HTTP_TIMEOUT_MS: '300' },
    });
    expect(stalled).toMatchObject({ code: 3, stdout: '' });
    expect(stalled.stderr).toMatch(
      /^credvault: http:\/\/127\.0\.0\.1:\d+\/stub\/stall did not answer within 0\.30 s\n$/,
    );
    await s.putBearer('loose', { access: 'old-access-token', refresh: 'r', expiresInS: 10 });
    expect((await s.cli(['bearers', 'refresh', 'loose'])).code).toBe(2);
    expect((await s.cli(['bearers', 'refresh', 'nobody'])).code).toBe(1);
    expect((await s.cli(['bearers', 'link', 'nobody', '--provider', 'stall'])).code).toBe(1);
    expect((await s.cli(['bearers', 'link', 'loose', '--provider', 'nobody'])).code).toBe(1);
  });
});

describe('near expiry: one rule for list and refresh', () => {
  it('a 2-minute JWT with 100 s left is listed near_expiry, and refresh renews it', async () => {
    await s.addProvider('stub', [], s.server.clients.post, s.server.stubUrl('token'));
    s.server.stubReply = {
      status: 200,
      body: JSON.stringify({ access_token: markedSecret('new-access'), expires_in: 3600 }),
    };
    const nowS = Math.floor(Date.now() / 1000);
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${part({ alg: 'RS256' })}.${part({ iat: nowS - 20, exp: nowS + 100 })}.${markedSecret('sig')}`;
    await s.putBearer('short', { access: jwt, refresh: '', expiresInS: 100 }, 'stub');
    const listed = JSON.parse((await s.cli(['bearers', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(listed[0]).toMatchObject({ id: 'short', status: 'near_expiry' });
    const refreshed = await s.cli(['bearers', 'refresh', 'short', '--json']);
    expect(JSON.parse(refreshed.stdout)).toMatchObject({
      requested: true,
      status: 'ok',
      window_s: 300,
    });
  });
});

describe('credvault bearers check-sv', () => {
  it('exits 0 current, 1 stale, 3 unverifiable, 0 without sv', async () => {
    const token = await s.jwtFromServer();
    await s.putBearer('agent', { access: token, refresh: '', expiresInS: 3600 }, 'oidc');
    const current = await s.cli(['bearers', 'check-sv', 'agent']);
    expect(current).toMatchObject({
      code: 0,
      stdout: 'bearer agent: current (token sv 1, server session_version 1)\n',
    });
    s.server.svReply = { sessionVersion: 4 };
    const stale = await s.cli(['bearers', 'check-sv', 'agent', '--json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject({
      result: 'stale',
      token_sv: 1,
      current_sv: 4,
      provider: 'oidc',
      signature: 'verified',
    });
    s.server.svReply = { status: 503 };
    const broken = await s.cli(['bearers', 'check-sv', 'agent']);
    expect(broken.code).toBe(3);
    expect(broken.stdout).toMatch(
      /unverifiable, not admitted: the session version lookup failed \(network\): userinfo endpoint .* answered HTTP 503/,
    );
    s.server.svReply = { sessionVersion: 'four' };
    expect((await s.cli(['bearers', 'check-sv', 'agent'])).code).toBe(3);
    await s.putBearer(
      'plain',
      { access: 'opaque-access-token', refresh: '', expiresInS: 3600 },
      'oidc',
    );
    expect(await s.cli(['bearers', 'check-sv', 'plain'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/no sv claim/),
    });
  });

  it('exits 1 bad-signature for a forged copy of a token; without keys it compares and says so', async () => {
    const forged = await reSignedWithAnotherKey(await s.jwtFromServer());
    await s.putBearer('forged', { access: forged, refresh: '', expiresInS: 3600 }, 'oidc');
    const refused = await s.cli(['bearers', 'check-sv', 'forged']);
    expect(refused).toMatchObject({
      code: 1,
      stdout:
        "bearer forged: BAD SIGNATURE, not admitted: signature verification failed (the provider's keys do not vouch for this token; its sv was not compared)\n",
    });
    const json = await s.cli(['bearers', 'check-sv', 'forged', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      result: 'bad-signature',
      token_sv: null,
      reason: 'signature verification failed',
      signature: 'failed',
      signature_not_checked: null,
    });

    await s.addProvider('nokeys', ['--userinfo-url', s.server.svUserinfoUrl]);
    const unchecked = await s.cli(['bearers', 'check-sv', 'forged', '--provider', 'nokeys']);
    expect(unchecked).toMatchObject({
      code: 0,
      stdout:
        'bearer forged: current (token sv 1, server session_version 1); signature not checked: provider "nokeys" has no JWKS URL or PASETO key configured\n',
    });
  });
});

describe('credvault bearers refresh: what a server echoes', () => {
  it("never shows the bearer's tokens or the client secret, upper-cased or in pieces", async () => {
    const client = s.server.clients.post;
    await s.addProvider('echo', [], client, s.server.stubUrl('token'));
    const access = markedSecret('access');
    const refresh = markedSecret('refresh');
    s.server.stubReply = {
      status: 400,
      body: JSON.stringify({
        error: 'invalid_grant',
        error_description: `${access.toUpperCase()} ${refresh.slice(0, 14)} ${client.secret.slice(-12)}`,
      }),
    };
    await s.putBearer('agent', { access, refresh, expiresInS: 10 }, 'echo');
    const refused = await s.cli(['bearers', 'refresh', 'agent']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /HTTP 400 invalid_grant \(\[redacted\] \[redacted\] \[redacted\]\)\n$/,
    );
  });
});
