/**
 * One rule decides "near expiry" for the listing and "due" for a refresh:
 * whatever `bearers list` calls near_expiry or expired, a refresh renews,
 * and whatever it calls ok, a refresh leaves alone. The token's own lifetime
 * plays no part (an encrypted or locked root could not show it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { addProvider, oauthFixture, type OAuthFixture } from '../../../test-support/oauth-fixtures';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { BearerStore } from '../bearers/bearer-store';
import type { Clock } from '../ports/clock';
import { refreshDue } from './refresh-window';

const T = 2_000_000_000;
const clock: Clock = { nowMs: () => T * 1000 };

let server: OidcTestServer;
beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});

/** A JWT issued 20 s before T that lives 2 minutes: `exp` - `iat` = 120. */
function twoMinuteJwt(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iat: T - 20, exp: T + 100, sub: 'agent' })}.${markedSecret('sig')}`;
}

async function fixture(windowS?: number): Promise<{ fx: OAuthFixture; store: BearerStore }> {
  const fx = oauthFixture({ clock });
  await addProvider(fx, server, 'stub', { tokenUrl: server.stubUrl('token') });
  server.stubReply = {
    status: 200,
    body: JSON.stringify({ access_token: markedSecret('new-access'), expires_in: 3600 }),
  };
  const store = new BearerStore({
    root: fx.root,
    clock,
    ...(windowS === undefined ? {} : { nearExpiryWindowS: windowS }),
  });
  return { fx, store };
}

describe('near expiry, one rule for list and refresh', () => {
  it('a 2-minute JWT with 100 s left is near_expiry in the list, and refresh renews it (window 300 s)', async () => {
    const { fx, store } = await fixture();
    await store.put('agent', {
      accessToken: twoMinuteJwt(),
      refreshToken: '',
      expiresAtUnix: T + 100,
    });
    await fx.services.links.set(fx.root, 'agent', 'stub');
    const [listed] = await store.list();
    expect(listed?.status).toBe('near_expiry');
    const outcome = await fx.services.refresher(store).refresh('agent');
    expect(outcome).toMatchObject({ requested: true, windowS: 300 });
    expect((await store.readValidRecord('agent')).expiresAtUnix).toBe(T + 3600);
  });

  it.each([undefined, 60])(
    'with window %s, refresh requests exactly when the list does not say ok',
    async (windowS) => {
      const { fx, store } = await fixture(windowS);
      for (const leftS of [-10, 0, 30, 59, 60, 61, 100, 299, 300, 301, 3600]) {
        const id = `b${leftS < 0 ? 'm' : ''}${Math.abs(leftS)}`;
        await store.put(id, {
          accessToken: twoMinuteJwt(),
          refreshToken: '',
          expiresAtUnix: T + leftS,
        });
        await fx.services.links.set(fx.root, id, 'stub');
        const status = (await store.list()).find((summary) => summary.id === id)?.status;
        const outcome = await fx.services.refresher(store).refresh(id);
        expect(outcome.requested, `${leftS} s left, listed ${status}`).toBe(status !== 'ok');
        expect(outcome.windowS).toBe(windowS ?? 300);
      }
    },
  );

  it("is the seed's predicate: expires_at <= now + window", () => {
    expect(refreshDue(T + 300, T, 300)).toBe(true);
    expect(refreshDue(T + 301, T, 300)).toBe(false);
    expect(refreshDue(T - 1, T, 0)).toBe(true);
    expect(refreshDue(T + 1, T, 0)).toBe(false);
  });
});
