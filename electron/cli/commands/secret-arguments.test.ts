/**
 * A secret typed where an id or a name goes (`credvault token oxios_…`,
 * `inspect "$JWT"`, `keys mint <key>`) is refused, never echoed, never
 * stored, and the message points to standard input. Checked as a user runs
 * each command, commander's own messages included.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useOAuthCli } from '../../../test-support/oauth-cli';
import { survivingPiece } from '../../../test-support/secret-pieces';
import type { CliResult } from '../../../test-support/cli-harness';

const s = useOAuthCli();

const API_KEY = `oxios_${'9f86d081884c7d659a2feaa0c55ad015'.repeat(2)}`;
const OTHER_PREFIX_KEY = `acme-${'2c26b46b68ffc68ff99b453c1d304134'.repeat(2)}`;
const PASETO = 'v4.public.eyJzdWIiOiJhbGljZSIsInN2IjoxfQc2lnbmF0dXJlLWJ5dGVzLWhlcmU';

/** Nothing of `secret` on either stream; refused as bad input, pointing to stdin. */
function expectRefusedUnshown(result: CliResult, secret: string): void {
  expect(result.code, result.stderr).toBe(2);
  expect(survivingPiece(result.stdout + result.stderr, [secret])).toBeNull();
  expect(result.stderr).toMatch(/standard input/);
}

describe('a secret given where an id or a name goes', () => {
  it('is refused by every bearer command, unshown, and nothing is created', async () => {
    const jwt = await s.jwtFromServer();
    for (const secret of [API_KEY, jwt, PASETO]) {
      for (const argv of [
        ['token', secret],
        ['header', secret],
        ['bearers', 'show', secret],
        ['bearers', 'rm', secret],
        ['bearers', 'refresh', secret],
        ['bearers', 'check-sv', secret],
        ['bearers', 'link', secret, '--provider', 'oidc'],
      ]) {
        expectRefusedUnshown(await s.cli(argv), secret);
      }
      const record = JSON.stringify({ access_token: 'a', refresh_token: '', expires_at_unix: 1 });
      expectRefusedUnshown(await s.cli(['bearers', 'put', secret], { stdin: record }), secret);
    }
    expect(existsSync(join(s.home, 'bearers'))).toBe(false);
  });

  it('inspect refuses a token given as its source and says to use inspect -', async () => {
    const jwt = await s.jwtFromServer();
    for (const secret of [jwt, `Bearer ${jwt}`, API_KEY, PASETO]) {
      const result = await s.cli(['inspect', secret]);
      expectRefusedUnshown(result, secret);
      expect(result.stderr).toContain('credvault inspect -');
    }
    // An opaque token, or a long one, is no bearer: still not quoted back.
    const opaque = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';
    const unknown = await s.cli(['inspect', opaque]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^credvault: no bearer with the id given in .*credvault inspect -\)\n$/,
    );
    expect(survivingPiece(unknown.stderr, [opaque])).toBeNull();
    const long = `${opaque}.${'x'.repeat(200)}`;
    const tooLong = await s.cli(['inspect', long]);
    expect(tooLong.code).toBe(2);
    expect(survivingPiece(tooLong.stderr, [long])).toBeNull();
  });

  it('keys mint and revoke refuse a key (any prefix) or a token as a name; no key file is written', async () => {
    const jwt = await s.jwtFromServer();
    for (const secret of [API_KEY, OTHER_PREFIX_KEY, jwt, PASETO]) {
      expectRefusedUnshown(await s.cli(['keys', 'mint', secret]), secret);
      expectRefusedUnshown(await s.cli(['keys', 'revoke', secret]), secret);
    }
    expectRefusedUnshown(
      await s.cli(['keys', 'mint', OTHER_PREFIX_KEY, '--prefix', 'acme-']),
      OTHER_PREFIX_KEY,
    );
    expect(existsSync(join(s.home, 'keys.json'))).toBe(false);
  });

  it('provider names and --store-as refuse a secret before any request is made', async () => {
    const jwt = await s.jwtFromServer();
    const before = s.server.tokenRequests;
    for (const secret of [API_KEY, jwt]) {
      expectRefusedUnshown(
        await s.cli([
          'providers',
          'add',
          secret,
          '--token-url',
          s.server.tokenUrl,
          '--client-id',
          'x',
          '--auth',
          'none',
        ]),
        secret,
      );
      expectRefusedUnshown(await s.cli(['providers', 'token', secret]), secret);
      expectRefusedUnshown(
        await s.cli(['providers', 'token', 'oidc', '--store-as', secret]),
        secret,
      );
    }
    await s.putBearer('agent', { access: 'a-token-value', refresh: '', expiresInS: 3600 });
    expectRefusedUnshown(await s.cli(['bearers', 'link', 'agent', '--provider', jwt]), jwt);
    expect(s.server.tokenRequests).toBe(before);
  });

  it("commander's own messages never show a secret-shaped argument", async () => {
    const jwt = await s.jwtFromServer();
    for (const argv of [[jwt], ['token', 'agent', `--${API_KEY}`], ['bearers', jwt]]) {
      const result = await s.cli(argv);
      expect(result.code).toBe(2);
      expect(survivingPiece(result.stdout + result.stderr, [jwt, API_KEY])).toBeNull();
    }
  });
});
