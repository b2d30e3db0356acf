/**
 * `credvault providers` as a user runs it, against a real OAuth server (see
 * test-support/oauth-cli.ts). runCliInProcess fails any test whose stderr (or
 * stdout, unless the command reveals by design) shows a marked secret: client
 * secrets and every refresh token the server issues carry the marker.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { useOAuthCli } from '../../../test-support/oauth-cli';

const s = useOAuthCli();

describe('credvault providers', () => {
  it('adds with the secret from stdin only, lists without it, removes it with the provider', async () => {
    await s.addProvider('acme', [
      '--param',
      'provider=client_credentials',
      '--scope',
      'api:read',
      ...s.keysFlags(),
    ]);
    const json = await s.cli(['providers', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        name: 'acme',
        token_url: s.server.tokenUrl,
        client_id: s.server.clients.post.id,
        client_auth: 'client_secret_post',
        client_secret_stored: true,
        scope: 'api:read',
        extra_params: { provider: 'client_credentials' },
        issuer: s.server.issuer,
        jwks_url: s.server.jwksUrl,
        paseto_public_key: null,
        userinfo_url: s.server.svUserinfoUrl,
      },
    ]);
    expect((await s.cli(['providers', 'list'])).stdout).toMatch(
      /^acme\s+client_secret_post\s+stored\s/m,
    );
    expect(readFileSync(join(s.home, 'providers.json'), 'utf8')).not.toContain(
      s.server.clients.post.secret,
    );
    expect(await s.cli(['providers', 'rm', 'acme'])).toMatchObject({
      code: 0,
      stderr: 'removed provider acme\n',
    });
    expect((await s.cli(['providers', 'list', '--json'])).stdout).toBe('[]\n');
    expect(await s.cli(['providers', 'rm', 'acme'])).toMatchObject({
      code: 1,
      stderr: 'credvault: no provider "acme"\n',
    });
  });

  it('refuses bad input with one line and exit 2, before reading any secret', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        [
          'providers',
          'add',
          'p',
          '--token-url',
          'http://auth.example.com/token',
          '--client-id',
          'c',
          '--client-secret-stdin',
        ],
        /plain http to a host that is not this machine/,
      ],
      [
        [
          'providers',
          'add',
          'p',
          '--token-url',
          s.server.tokenUrl,
          '--client-id',
          'c',
          '--auth',
          'none',
          '--client-secret-stdin',
        ],
        /--auth none sends no client secret/,
      ],
      [
        ['providers', 'add', 'p', '--token-url', s.server.tokenUrl, '--client-id', 'c'],
        /needs a client secret: pass --client-secret-stdin/,
      ],
      [
        [
          'providers',
          'add',
          '.p',
          '--token-url',
          s.server.tokenUrl,
          '--client-id',
          'c',
          '--client-secret-stdin',
        ],
        /invalid provider name/,
      ],
      [
        [
          'providers',
          'add',
          'p',
          '--token-url',
          s.server.tokenUrl,
          '--client-id',
          'c',
          '--param',
          'grant_type=x',
        ],
        /set by the grant itself/,
      ],
    ];
    for (const [argv, message] of cases) {
      const result = await s.cli(argv, { stdin: markedSecret() });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('refuses a secret as --param or in a URL query, pointing to stdin; list never shows query values', async () => {
    const secret = markedSecret();
    const add = (extra: string[], tokenUrl = s.server.tokenUrl) =>
      s.cli(['providers', 'add', 'p', '--token-url', tokenUrl, '--client-id', 'c', ...extra], {
        stdin: markedSecret(),
      });
    const asParam = await add(['--param', `Client_Secret=${secret}`, '--client-secret-stdin']);
    expect(asParam).toMatchObject({
      code: 2,
      stderr:
        'credvault: extra parameter "Client_Secret" would carry a secret in providers.json and on the command line; ' +
        'give the client secret on standard input with --client-secret-stdin\n',
    });
    const password = await add(['--param', `password=${secret}`, '--client-secret-stdin']);
    expect(password.code).toBe(2);
    expect(password.stderr).toMatch(/^credvault: extra parameter "password" would carry a secret/);
    const inQuery = await add(
      ['--client-secret-stdin'],
      `${s.server.tokenUrl}?client_secret=${secret}`,
    );
    expect(inQuery).toMatchObject({
      code: 2,
      stderr:
        'credvault: token URL carries "client_secret" in its query; a URL is stored and shown in plain text, ' +
        'so give the client secret on standard input with --client-secret-stdin\n',
    });
    expect((await s.cli(['providers', 'list', '--json'])).stdout).toBe('[]\n');

    await s.addProvider('acme', [], s.server.clients.post, `${s.server.tokenUrl}?tenant=t-hidden`);
    const table = await s.cli(['providers', 'list']);
    expect(table.stdout).toContain(`${s.server.tokenUrl}?tenant=…`);
    const json = await s.cli(['providers', 'list', '--json']);
    expect(JSON.parse(json.stdout)[0].token_url).toBe(`${s.server.tokenUrl}?tenant=…`);
    for (const output of [table.stdout, json.stdout]) expect(output).not.toContain('t-hidden');
  });

  it('rm refuses while bearers are linked, naming them; --force removes it and unlinks them', async () => {
    await s.addProvider('acme');
    await s.putBearer(
      'agent-a',
      { access: 'a-access', refresh: markedSecret(), expiresInS: 60 },
      'acme',
    );
    await s.putBearer(
      'agent-b',
      { access: 'b-access', refresh: markedSecret(), expiresInS: 60 },
      'acme',
    );
    const refused = await s.cli(['providers', 'rm', 'acme']);
    const root = join(s.home, 'bearers');
    expect(refused).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        `credvault: provider "acme" is not removed: 2 bearers are linked to it ("agent-a" in "${root}", "agent-b" in "${root}"); ` +
        'link them to another provider or remove them first, or pass --force to unlink them\n',
    });
    expect(JSON.parse((await s.cli(['providers', 'list', '--json'])).stdout)).toHaveLength(1);
    const forced = await s.cli(['providers', 'rm', 'acme', '--force']);
    expect(forced).toMatchObject({
      code: 0,
      stderr:
        'removed provider acme\n' +
        `unlinked bearer agent-a in ${root} (no provider refreshes it now)\n` +
        `unlinked bearer agent-b in ${root} (no provider refreshes it now)\n`,
    });
    const refresh = await s.cli(['bearers', 'refresh', 'agent-a']);
    expect(refresh.code).toBe(2);
    expect(refresh.stderr).toMatch(/is not linked to a provider/);
  });

  it('refresh of a bearer linked to a provider that is gone exits 1 (not found), as the README says', async () => {
    await s.addProvider('acme');
    await s.putBearer(
      'agent',
      { access: 'a-access', refresh: markedSecret(), expiresInS: 60 },
      'acme',
    );
    // As an older version's `providers rm` left it: the link outlives the provider.
    const providersFile = join(s.home, 'providers.json');
    writeFileSync(providersFile, JSON.stringify({ version: 1, providers: {} }), { mode: 0o600 });
    const refresh = await s.cli(['bearers', 'refresh', 'agent', '--force']);
    expect(refresh).toMatchObject({ code: 1, stdout: '' });
    expect(refresh.stderr).toBe(
      'credvault: bearer "agent" is linked to provider "acme", which no longer exists ' +
        '(link it to another: credvault bearers link agent --provider NAME)\n',
    );
  });

  it('token prints a client_credentials token (by design), --json with its expiry', async () => {
    await s.addProvider('oidc');
    const plain = await s.cli(['providers', 'token', 'oidc'], { reveals: true });
    expect(plain.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const json = JSON.parse(
      (await s.cli(['providers', 'token', 'oidc', '--json'], { reveals: true })).stdout,
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      provider: 'oidc',
      token_type: 'Bearer',
      expires_in: 3600,
      stored_as: null,
    });
    expect(json.expires_at_unix).toBeGreaterThan(Date.now() / 1000 + 3500);
    expect(typeof json.access_token).toBe('string');
  });

  it('token --store-as stores a linked bearer that refresh renews with client_credentials', async () => {
    await s.addProvider(
      'seed',
      ['--param', 'provider=client_credentials'],
      s.server.clients.post,
      s.server.stubUrl('token'),
    );
    s.server.stubReply = {
      status: 200,
      body: JSON.stringify({ access_token: markedSecret('access'), expires_in: 90 }),
    };
    const stored = await s.cli(['providers', 'token', 'seed', '--store-as', 'svc']);
    expect(stored.code).toBe(0);
    expect(stored.stdout).toBe('');
    expect(stored.stderr).toMatch(/^stored bearer svc in .*, linked to provider seed; expires /);
    const refreshed = await s.cli(['bearers', 'refresh', 'svc', '--force', '--json']);
    expect(JSON.parse(refreshed.stdout)).toMatchObject({
      id: 'svc',
      requested: true,
      grant: 'client_credentials',
      rotated: false,
    });
  });
});
