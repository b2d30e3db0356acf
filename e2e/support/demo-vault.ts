/**
 * A vault that looks like a developer's, for the README's screenshots: a few
 * agents' bearers from one SSO provider (JWTs the real OAuth server issued),
 * some opaque tokens, one about to expire, one expired, one a program left
 * broken and one edited by hand. Written through the CLI like any user's.
 */
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markedSecret } from '../../test-support/leak-marker';
import { TEST_SCOPE, type OidcTestServer } from '../../test-support/oidc-test-server';
import { credvaultOk } from './credvault-cli';

/** A fixed place, so the root shown in the screenshots stays the same from run to run. */
export const DEMO_HOME = join(tmpdir(), 'credvault-demo');

const HOUR = 3600;
const DAY = 24 * HOUR;

function record(access: string, expiresInS: number, refresh = markedSecret('refresh')): string {
  return JSON.stringify({
    access_token: access,
    refresh_token: refresh,
    expires_at_unix: Math.floor(Date.now() / 1000) + expiresInS,
  });
}

export async function seedDemoVault(oidc: OidcTestServer): Promise<string> {
  rmSync(DEMO_HOME, { recursive: true, force: true });
  mkdirSync(DEMO_HOME, { mode: 0o700 });
  const home = DEMO_HOME;
  const { post } = oidc.clients;
  await credvaultOk(
    home,
    [
      'providers',
      'add',
      'acme-sso',
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
  const jwt = async () => (await credvaultOk(home, ['providers', 'token', 'acme-sso'])).trim();
  const put = async (id: string, stdin: string, provider?: string) => {
    await credvaultOk(home, ['bearers', 'put', id], stdin);
    if (provider) await credvaultOk(home, ['bearers', 'link', id, '--provider', provider]);
  };

  await put(
    'deploy-bot',
    record(await jwt(), HOUR, await oidc.issueRefreshToken('post')),
    'acme-sso',
  );
  await put('ci-runner', record(await jwt(), 4 * 60), 'acme-sso');
  await put('billing-worker', record(await jwt(), 20 * HOUR), 'acme-sso');
  await put('staging-api', record(markedSecret('opaque'), 3 * DAY));
  await put('partner-sync', record(markedSecret('opaque'), 29 * DAY));
  await put('grafana-agent', record(markedSecret('opaque'), -2 * DAY));

  // A bearer another program left with an empty access token: invalid, with its reason.
  const root = join(home, 'bearers');
  const broken = join(root, 'legacy-cron');
  mkdirSync(broken, { mode: 0o700 });
  for (const [file, value] of [
    ['access_token.json', ''],
    ['refresh_token.json', 'r'],
    ['expires_at.json', String(Math.floor(Date.now() / 1000) + DAY)],
  ] as const) {
    writeFileSync(join(broken, file), JSON.stringify(value), { mode: 0o600 });
  }
  // A token pasted by hand after the expiry was written: served, with a warning.
  await put('notebook', record(markedSecret('opaque'), 6 * HOUR));
  const later = new Date(Date.now() + 1000);
  const earlier = new Date(Date.now() - 60_000);
  utimesSync(join(root, 'notebook', 'expires_at.json'), earlier, earlier);
  utimesSync(join(root, 'notebook', 'access_token.json'), later, later);
  return home;
}
