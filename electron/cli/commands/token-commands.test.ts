/**
 * `credvault token / header` as a user runs it, against a real OAuth server
 * (see test-support/oauth-cli.ts). runCliInProcess fails any test whose stderr
 * (or stdout, unless the command reveals by design) shows a marked secret:
 * client secrets and every refresh token the server issues carry the marker.
 */
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { useOAuthCli } from '../../../test-support/oauth-cli';

const s = useOAuthCli();

describe('credvault token / header', () => {
  it('prints a valid token, refreshing it first when near expiry; header prints the Authorization line', async () => {
    await s.addProvider('oidc');
    await s.putBearer(
      'agent',
      {
        access: 'old-access-token',
        refresh: await s.server.issueRefreshToken('post'),
        expiresInS: 30,
      },
      'oidc',
    );
    const before = s.server.tokenRequests;
    const token = await s.cli(['token', 'agent'], { reveals: true });
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^eyJ[\w.-]+\n$/);
    expect(s.server.tokenRequests - before).toBe(1);
    const header = await s.cli(['header', 'agent'], { reveals: true });
    expect(header.stdout).toBe(`Authorization: Bearer ${token.stdout}`);
    expect(s.server.tokenRequests - before).toBe(1);
  });

  it('warns and still prints a valid token when the refresh fails; exits 3 once it has expired', async () => {
    await s.addProvider('stub', [], s.server.clients.post, s.server.stubUrl('token'));
    s.server.stubReply = {
      status: 400,
      body: '{"error":"invalid_grant","error_description":"refresh token revoked"}',
    };
    const access = markedSecret('access');
    await s.putBearer('agent', { access, refresh: markedSecret(), expiresInS: 100 }, 'stub');
    const warned = await s.cli(['token', 'agent'], { reveals: true });
    expect(warned.code).toBe(0);
    expect(warned.stdout).toBe(`${access}\n`);
    expect(warned.stderr).toMatch(
      /^credvault: warning: could not refresh bearer "agent": .*HTTP 400 invalid_grant \(refresh token revoked\); its current token is still valid for \d+ s\n$/,
    );
    await s.putBearer('agent', { access, refresh: markedSecret(), expiresInS: -1 }, 'stub');
    const expired = await s.cli(['header', 'agent']);
    expect(expired.code).toBe(3);
    expect(expired.stdout).toBe('');
    expect(expired.stderr).toMatch(
      /^credvault: bearer "agent" has expired and could not be refreshed: .*invalid_grant.*\n$/,
    );
  });

  it('header refuses a token holding a line break (exit 2, nothing on stdout); token still prints it raw', async () => {
    const access = `${markedSecret('access')}\r\nX-Injected: yes`;
    await s.putBearer('agent', { access, refresh: markedSecret(), expiresInS: 3600 });
    const header = await s.cli(['header', 'agent']);
    expect(header.code).toBe(2);
    expect(header.stdout).toBe('');
    expect(header.stderr).toMatch(
      /^credvault: the access token of bearer "agent" holds a control character .*nothing was printed.*\n$/,
    );
    expect(header.stderr).not.toContain('Injected');
    const token = await s.cli(['token', 'agent'], { reveals: true });
    expect(token).toMatchObject({ code: 0, stdout: `${access}\n` });
  });
});
