/**
 * A temp vault home as the e2e tests find it, written by the real programs:
 * the seed broker's own root (test-data/seed-fixtures: an empty token, an
 * expired bearer, odd expiries) copied in, and, through the CLI against the
 * real OAuth test server, a provider with keys and bearers to inspect and
 * refresh:
 *
 *   agent-jwt     a JWT the server issued, linked to `oidc` (verified; refreshes)
 *   agent-forged  the same claims signed with a forger's key (signature fails)
 *   agent-broken  linked to `broken`, whose token endpoint answers 400 invalid_grant
 */
import { join } from 'node:path';
import { reSignedWithAnotherKey } from '../../test-support/forged-jwt';
import { markedSecret } from '../../test-support/leak-marker';
import { TEST_SCOPE, type OidcTestServer } from '../../test-support/oidc-test-server';
import { copySeedRoot } from '../../test-support/seed-fixtures';
import { credvaultOk } from './credvault-cli';

export const SERVER_ERROR_REPLY = {
  status: 400,
  body: JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token expired' }),
};

export interface SeededVault {
  readonly home: string;
  /** The default root, `<home>/bearers`. */
  readonly root: string;
  /** Every access and refresh token written, for checks that none reaches the page unasked. */
  readonly secrets: Readonly<
    Record<'jwt' | 'jwtRefresh' | 'forged' | 'broken' | 'brokenRefresh', string>
  >;
}

function record(access: string, refresh: string, expiresInS: number): string {
  return JSON.stringify({
    access_token: access,
    refresh_token: refresh,
    expires_at_unix: Math.floor(Date.now() / 1000) + expiresInS,
  });
}

async function putLinked(home: string, id: string, stdin: string, provider: string): Promise<void> {
  await credvaultOk(home, ['bearers', 'put', id], stdin);
  await credvaultOk(home, ['bearers', 'link', id, '--provider', provider]);
}

export async function seedVault(home: string, oidc: OidcTestServer): Promise<SeededVault> {
  const root = join(home, 'bearers');
  copySeedRoot(root);

  const { post } = oidc.clients;
  await credvaultOk(
    home,
    [
      'providers',
      'add',
      'oidc',
      '--token-url',
      oidc.tokenUrl,
      '--client-id',
      post.id,
      '--issuer',
      oidc.issuer,
      '--jwks-url',
      oidc.jwksUrl,
      '--userinfo-url',
      oidc.svUserinfoUrl,
      '--scope',
      TEST_SCOPE,
      '--client-secret-stdin',
    ],
    `${post.secret}\n`,
  );
  await credvaultOk(
    home,
    [
      'providers',
      'add',
      'broken',
      '--token-url',
      oidc.stubUrl('token'),
      '--client-id',
      post.id,
      '--client-secret-stdin',
    ],
    `${post.secret}\n`,
  );

  const jwt = (await credvaultOk(home, ['providers', 'token', 'oidc'])).trim();
  const jwtRefresh = await oidc.issueRefreshToken('post');
  const forged = await reSignedWithAnotherKey(jwt);
  const broken = markedSecret('broken-access-token');
  const brokenRefresh = markedSecret('broken-refresh-token');
  await putLinked(home, 'agent-jwt', record(jwt, jwtRefresh, 3600), 'oidc');
  await putLinked(home, 'agent-forged', record(forged, '', 3600), 'oidc');
  await putLinked(home, 'agent-broken', record(broken, brokenRefresh, 120), 'broken');
  return { home, root, secrets: { jwt, jwtRefresh, forged, broken, brokenRefresh } };
}
