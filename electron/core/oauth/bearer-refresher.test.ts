/**
 * Refresh against a real OAuth server (oidc-provider on 127.0.0.1): rotation,
 * errors as the server words them, timeouts, redirects, and one request for
 * many concurrent triggers.
 */
import { mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { holdLockInAnotherProcess } from '../../../test-support/lock-holder-process';
import {
  addProvider,
  oauthFixture,
  putLinkedBearer,
  type OAuthFixture,
} from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { BEARER_LOCK_NAME, BearerStore } from '../bearers/bearer-store';
import type { NetworkError } from '../http/network-error';
import { requestRefresh } from './token-endpoint';

let server: OidcTestServer;
let fx: OAuthFixture;
const nowUnix = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fx = oauthFixture();
});

describe('refresh_token grant', () => {
  it('rotates the refresh token, persists the new one, and the server then rejects the old one', async () => {
    await addProvider(fx, server, 'oidc');
    const firstRefresh = await server.issueRefreshToken('post');
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: markedSecret('old-access'), refreshToken: firstRefresh, expiresInS: 30 },
      'oidc',
    );
    const before = server.tokenRequests;

    const outcome = await fx.services.refresher(fx.store).refresh('agent');
    expect(outcome).toMatchObject({
      requested: true,
      grant: 'refresh_token',
      rotated: true,
      provider: 'oidc',
    });
    expect(server.tokenRequests - before).toBe(1);
    const onDisk = await fx.store.readValidRecord('agent');
    expect(onDisk.refreshToken).not.toBe(firstRefresh);
    expect(onDisk.accessToken.split('.')).toHaveLength(3); // a JWT access token from the resource server
    expect(onDisk.expiresAtUnix).toBeGreaterThanOrEqual(nowUnix() + 3590);
    expect(await server.refreshTokenState(firstRefresh)).toBe('consumed');
    expect(await server.refreshTokenState(onDisk.refreshToken)).toBe('active');

    // Not due any more: no request.
    const again = await fx.services.refresher(fx.store).refresh('agent');
    expect(again.requested).toBe(false);
    expect(server.tokenRequests - before).toBe(1);

    // --force rotates once more.
    const forced = await fx.services.refresher(fx.store).refresh('agent', { force: true });
    expect(forced.rotated).toBe(true);
    const second = await fx.store.readValidRecord('agent');
    expect(second.refreshToken).not.toBe(onDisk.refreshToken);

    // The rotated-away token is refused by the server, with its own words.
    const client = {
      provider: await fx.services.providers.get('oidc'),
      clientSecret: server.clients.post.secret,
      http: fx.services.http,
    };
    const error = (await rejectionOf(requestRefresh(client, firstRefresh))) as NetworkError;
    expect(error.failure).toBe('http-status');
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.message).toMatch(
      /refused the request: HTTP 400 invalid_grant \(grant request is invalid\)$/,
    );
  });

  it('authenticates with client_secret_basic too', async () => {
    await addProvider(fx, server, 'oidc-basic', { clientAuth: 'client_secret_basic' });
    const refreshToken = await server.issueRefreshToken('basic');
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: 'old-access-token', refreshToken, expiresInS: 0 },
      'oidc-basic',
    );
    expect((await fx.services.refresher(fx.store).refresh('agent')).rotated).toBe(true);
  });

  it('surfaces invalid_grant and leaves the bearer as it was', async () => {
    await addProvider(fx, server, 'oidc');
    const unknown = markedSecret('refresh-token');
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: markedSecret('access'), refreshToken: unknown, expiresInS: 10 },
      'oidc',
    );
    const before = await fx.store.readValidRecord('agent');
    const error = (await rejectionOf(
      fx.services.refresher(fx.store).refresh('agent'),
    )) as NetworkError;
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.kind).toBe('network');
    expect(await fx.store.readValidRecord('agent')).toEqual(before);
  });

  it('keeps the old refresh token when the server sends none, and sends the extra parameters', async () => {
    await addProvider(fx, server, 'stub', {
      tokenUrl: server.stubUrl('token'),
      extraParams: { provider: 'seed' },
    });
    const refreshToken = markedSecret('refresh-token');
    const access = markedSecret('new-access');
    server.stubReply = {
      status: 200,
      body: JSON.stringify({ access_token: access, expires_in: 600 }),
    };
    server.stubRequests = [];
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: 'old-access-token', refreshToken, expiresInS: 5 },
      'stub',
    );
    const outcome = await fx.services.refresher(fx.store).refresh('agent');
    expect(outcome.rotated).toBe(false);
    expect(await fx.store.readValidRecord('agent')).toMatchObject({
      accessToken: access,
      refreshToken,
    });
    expect(server.stubRequests[0]?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      provider: 'seed',
      client_id: server.clients.post.id,
      client_secret: server.clients.post.secret,
    });
  });

  it('keeps a rotated refresh token even when the new access token cannot be stored', async () => {
    await addProvider(fx, server, 'stub', { tokenUrl: server.stubUrl('token') });
    const oldAccess = markedSecret('old-access');
    const rotated = markedSecret('rotated-refresh');
    server.stubReply = {
      status: 200,
      // An access token over the 64 KiB a bearer file may hold.
      body: JSON.stringify({
        access_token: 'x'.repeat(70_000),
        refresh_token: rotated,
        expires_in: 600,
      }),
    };
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: oldAccess, refreshToken: markedSecret('old-refresh'), expiresInS: 5 },
      'stub',
    );
    const error = await rejectionOf(fx.services.refresher(fx.store).refresh('agent'));
    expect(error.message).toMatch(
      /could not be stored .*larger than 64 KiB.*rotated refresh token was saved/,
    );
    const onDisk = await fx.store.readValidRecord('agent');
    expect(onDisk.refreshToken).toBe(rotated);
    expect(onDisk.accessToken).toBe(oldAccess);
  });

  it("surfaces a 5xx with the server's OAuth error, and a reply without access token distinctly", async () => {
    await addProvider(fx, server, 'stub', { tokenUrl: server.stubUrl('token') });
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: 'old-access-token', refreshToken: markedSecret(), expiresInS: 5 },
      'stub',
    );
    server.stubReply = {
      status: 503,
      body: '{"error":"temporarily_unavailable","error_description":"try again later"}',
    };
    const error = (await rejectionOf(
      fx.services.refresher(fx.store).refresh('agent'),
    )) as NetworkError;
    expect(error.message).toMatch(/HTTP 503 temporarily_unavailable \(try again later\)$/);
    expect(error.status).toBe(503);
    server.stubReply = { status: 200, body: '{"token_type":"Bearer"}' };
    expect(
      ((await rejectionOf(fx.services.refresher(fx.store).refresh('agent'))) as NetworkError)
        .failure,
    ).toBe('missing-access-token');
    server.stubReply = { status: 200, body: 'Service Unavailable', contentType: 'text/plain' };
    expect(
      ((await rejectionOf(fx.services.refresher(fx.store).refresh('agent'))) as NetworkError)
        .failure,
    ).toBe('not-json');
  });

  it('gives up on a server that stalls, within the timeout, and frees the lock', async () => {
    const slow = oauthFixture({ timeoutMs: 400 });
    await addProvider(slow, server, 'stall', { tokenUrl: server.stubUrl('stall') });
    await putLinkedBearer(
      slow,
      'agent',
      { accessToken: 'old-access-token', refreshToken: markedSecret(), expiresInS: 5 },
      'stall',
    );
    const started = Date.now();
    const error = (await rejectionOf(
      slow.services.refresher(slow.store).refresh('agent'),
    )) as NetworkError;
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0\.40 s/);
    expect(Date.now() - started).toBeLessThan(3000);
    // The lock is free again: a writer gets it at once.
    await slow.store.put('agent', {
      accessToken: 'x-access-token',
      refreshToken: 'r',
      expiresAtUnix: nowUnix() + 3600,
    });
  });

  it('refuses a redirect from the token endpoint and never follows it', async () => {
    await addProvider(fx, server, 'redirect', { tokenUrl: server.stubUrl('redirect') });
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: 'old-access-token', refreshToken: markedSecret(), expiresInS: 5 },
      'redirect',
    );
    const before = server.tokenRequests;
    const error = (await rejectionOf(
      fx.services.refresher(fx.store).refresh('agent'),
    )) as NetworkError;
    expect(error.failure).toBe('redirect');
    expect(error.message).toMatch(
      /answered with a redirect \(HTTP 302\); redirects are not followed/,
    );
    expect(server.tokenRequests).toBe(before);
  });

  it('makes exactly one token request for 100 concurrent refresh triggers in one process', async () => {
    await addProvider(fx, server, 'oidc');
    await putLinkedBearer(
      fx,
      'agent',
      {
        accessToken: 'old-access-token',
        refreshToken: await server.issueRefreshToken('post'),
        expiresInS: 20,
      },
      'oidc',
    );
    const before = server.tokenRequests;
    // Separate refreshers, as separate windows or callers of the app would hold.
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, () => fx.services.refresher(fx.store).refresh('agent')),
    );
    expect(server.tokenRequests - before).toBe(1);
    expect(outcomes.filter((o) => o.requested)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.expiresAtUnix)).size).toBe(1);
  });

  it('makes no request while another process holds the bearer lock; refreshes once it is released', async () => {
    await addProvider(fx, server, 'oidc');
    await putLinkedBearer(
      fx,
      'agent',
      {
        accessToken: 'old-access-token',
        refreshToken: await server.issueRefreshToken('post'),
        expiresInS: 20,
      },
      'oidc',
    );
    const holder = await holdLockInAnotherProcess(
      join(fx.root, 'agent', BEARER_LOCK_NAME),
      600_000,
    );
    const before = server.tokenRequests;
    const impatient = new BearerStore({ root: fx.root, lock: { timeoutMs: 1000 } });
    const error = await rejectionOf(fx.services.refresher(impatient).refresh('agent'));
    expect(error).toMatchObject({ kind: 'environment' });
    expect(error.message).toMatch(/timed out after 1.0 s waiting for the lock/);
    expect(server.tokenRequests - before).toBe(0);
    expect((await fx.store.readValidRecord('agent')).accessToken).toBe('old-access-token');

    await holder.release();
    expect((await fx.services.refresher(impatient).refresh('agent')).requested).toBe(true);
    expect(server.tokenRequests - before).toBe(1);
  });

  it("takes over the lock of a holder killed mid-refresh at once, and a crashed holder's lock once stale", async () => {
    await addProvider(fx, server, 'oidc');
    await putLinkedBearer(
      fx,
      'agent',
      {
        accessToken: 'old-access-token',
        refreshToken: await server.issueRefreshToken('post'),
        expiresInS: 20,
      },
      'oidc',
    );
    const lock = join(fx.root, 'agent', BEARER_LOCK_NAME);
    // Killed with SIGKILL: its owner record shows it is gone. The stale time
    // is ten minutes, so only the record can let the refresh in.
    const holder = await holdLockInAnotherProcess(lock, 600_000);
    await holder.kill('SIGKILL');
    const patient = new BearerStore({
      root: fx.root,
      lock: { staleMs: 600_000, timeoutMs: 10_000 },
    });
    expect((await fx.services.refresher(patient).refresh('agent')).requested).toBe(true);

    // A lock with no owner record (an older Credvault, another tool): waited
    // on while fresh, taken over once untouched for longer than the stale time.
    mkdirSync(lock);
    const impatient = new BearerStore({ root: fx.root, lock: { timeoutMs: 500 } });
    const refresher = fx.services.refresher(impatient);
    expect((await rejectionOf(refresher.refresh('agent', { force: true }))).message).toMatch(
      /timed out/,
    );
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    expect((await refresher.refresh('agent', { force: true })).requested).toBe(true);
  });

  it('hands out a still-valid token with a warning when the refresh fails; an expired one is an error', async () => {
    await addProvider(fx, server, 'stub', { tokenUrl: server.stubUrl('token') });
    const access = markedSecret('access');
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: access, refreshToken: markedSecret(), expiresInS: 60 },
      'stub',
    );
    server.stubReply = { status: 500, body: '{"error":"server_error"}' };
    const usable = await fx.services.refresher(fx.store).usableAccessToken('agent');
    expect(usable.accessToken).toBe(access);
    expect(usable.warning).toMatch(
      /could not refresh bearer "agent": .*HTTP 500 server_error; its current token is still valid for \d+ s/,
    );
    await putLinkedBearer(
      fx,
      'agent',
      { accessToken: access, refreshToken: markedSecret(), expiresInS: -5 },
      'stub',
    );
    const error = await rejectionOf(fx.services.refresher(fx.store).usableAccessToken('agent'));
    expect(error.message).toMatch(
      /bearer "agent" has expired and could not be refreshed: .*HTTP 500/,
    );
  });

  it('says how to link an unlinked bearer', async () => {
    await fx.store.put('loose', {
      accessToken: 'x-access-token',
      refreshToken: 'r',
      expiresAtUnix: 1,
    });
    const error = await rejectionOf(fx.services.refresher(fx.store).refresh('loose'));
    expect(error.message).toMatch(
      /not linked to a provider \(link it: credvault bearers link loose --provider NAME\)/,
    );
  });
});
