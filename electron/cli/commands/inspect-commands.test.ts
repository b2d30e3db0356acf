/**
 * `credvault inspect` as a user runs it, against a real OAuth server (see
 * test-support/oauth-cli.ts). runCliInProcess fails any test whose stderr (or
 * stdout, unless the command reveals by design) shows a marked secret: client
 * secrets and every refresh token the server issues carry the marker.
 */
import { describe, expect, it } from 'vitest';
import { useOAuthCli } from '../../../test-support/oauth-cli';

const s = useOAuthCli();

describe('credvault inspect', () => {
  it("shows a bearer's claims and verifies them with the matching provider, never printing the token", async () => {
    const token = await s.jwtFromServer();
    await s.putBearer('agent', { access: token, refresh: '', expiresInS: 3600 });
    const human = await s.cli(['inspect', 'agent', '--verify']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^kind:\s+jwt$/m);
    expect(human.stdout).toMatch(
      /^signature:\s+verified \(RS256, key test-key-1\) with provider oidc$/m,
    );
    expect(human.stdout).toMatch(/"client_id": "client-post"/);
    const json = JSON.parse(
      (await s.cli(['inspect', '-', '--json', '--verify'], { stdin: `${token}\n` })).stdout,
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      source: 'standard input',
      kind: 'jwt',
      issuer: s.server.issuer,
      key_provider: 'oidc',
    });
    expect(json.signature).toEqual({
      state: 'verified',
      key_id: 'test-key-1',
      algorithm: 'RS256',
      reason: null,
    });
    for (const output of [human.stdout, JSON.stringify(json)]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(token.split('.')[2]);
    }
  });

  it('exits 1 with --verify for edited claims (failed) and for an unknown issuer (not checked)', async () => {
    const token = await s.jwtFromServer();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url')}.${signature}`;
    const failed = await s.cli(['inspect', '-', '--verify'], { stdin: edited });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^signature:\s+FAILED: signature verification failed$/m);
    const foreign = `${header}.${Buffer.from(JSON.stringify({ ...claims, iss: 'https://evil.example' })).toString('base64url')}.${signature}`;
    const unchecked = await s.cli(['inspect', '-', '--verify'], { stdin: foreign });
    expect(unchecked.code).toBe(1);
    expect(unchecked.stdout).toMatch(
      /^signature:\s+not checked: no provider is configured with issuer "https:\/\/evil\.example"$/m,
    );
    expect((await s.cli(['inspect', '-'], { stdin: edited })).code).toBe(0); // without --verify: decode only
    const garbage = await s.cli(['inspect', '-'], { stdin: 'not a token at all' });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^credvault: standard input does not hold a token: /);
  });
});

describe('help', () => {
  it('every new command has --help', async () => {
    const commands = [
      ['providers'],
      ['providers', 'add'],
      ['providers', 'list'],
      ['providers', 'rm'],
      ['providers', 'token'],
      ['bearers', 'link'],
      ['bearers', 'refresh'],
      ['bearers', 'check-sv'],
      ['token'],
      ['header'],
      ['inspect'],
    ];
    for (const command of commands) {
      const result = await s.cli([...command, '--help']);
      expect(result.code, command.join(' ')).toBe(0);
      expect(result.stdout).toMatch(/^Usage: credvault /);
    }
    expect((await s.cli(['header', '--help'])).stdout).toContain(
      'credvault header ID | curl -H @- URL',
    );
  });
});
