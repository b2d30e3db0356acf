import { describe, expect, it } from 'vitest';
import { assertErrorHasNoLeak, markedSecret } from '../../../test-support/leak-marker';
import type { NetworkError } from '../http/network-error';
import { DEFAULT_EXPIRES_IN_S, parseTokenReply } from './token-reply';

const WHERE = 'https://auth.example.com/token';
const reply = (status: number, body: unknown) => ({
  status,
  body: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
});

function failure(status: number, body: unknown, secrets: string[] = []): NetworkError {
  try {
    parseTokenReply(reply(status, body), WHERE, secrets);
  } catch (error) {
    assertErrorHasNoLeak(error);
    return error as NetworkError;
  }
  throw new Error('expected a failure');
}

describe('token replies', () => {
  it("accepts the seed server's reply: no token_type, expires_in missing or not positive means 3600", () => {
    for (const expires of [undefined, 0, -5, 'soon', null]) {
      const parsed = parseTokenReply(
        reply(200, { access_token: 'a', expires_in: expires }),
        WHERE,
        [],
      );
      expect(parsed).toEqual({
        accessToken: 'a',
        refreshToken: null,
        expiresInS: DEFAULT_EXPIRES_IN_S,
        scope: null,
      });
    }
    expect(
      parseTokenReply(
        reply(200, { access_token: 'a', expires_in: '120', token_type: 'bearer' }),
        WHERE,
        [],
      ).expiresInS,
    ).toBe(120);
    expect(
      parseTokenReply(
        reply(201, { access_token: 'a', refresh_token: 'r2', scope: 's' }),
        WHERE,
        [],
      ),
    ).toMatchObject({
      refreshToken: 'r2',
      scope: 's',
    });
  });

  it('keeps the failures distinct', () => {
    expect(failure(200, { expires_in: 10 }).failure).toBe('missing-access-token');
    expect(failure(200, { access_token: '' }).failure).toBe('missing-access-token');
    expect(failure(200, 'not json at all').failure).toBe('not-json');
    expect(failure(200, [1, 2]).failure).toBe('bad-reply');
    expect(failure(200, { access_token: 'a', token_type: 'DPoP' }).message).toMatch(
      /issued a DPoP token; only Bearer/,
    );
    const redirect = failure(302, '');
    expect(redirect.failure).toBe('redirect');
    expect(redirect.message).toMatch(/redirects are not followed/);
  });

  it("surfaces the server's OAuth error with status, and only that", () => {
    const error = failure(400, {
      error: 'invalid_grant',
      error_description: 'grant request is invalid',
      extra: 'x',
    });
    expect(error.failure).toBe('http-status');
    expect(error.status).toBe(400);
    expect(error.oauthError).toBe('invalid_grant');
    expect(error.message).toBe(
      `token endpoint ${WHERE} refused the request: HTTP 400 invalid_grant (grant request is invalid)`,
    );
    expect(failure(503, '<html>oops</html>').message).toMatch(
      /HTTP 503 \(no OAuth error in the reply\)$/,
    );
  });

  it('cuts our secrets out of an echoed error, strips control characters and caps the length', () => {
    const secret = markedSecret('client-secret');
    const error = failure(
      401,
      {
        error: 'invalid_client',
        error_description: `unknown secret ${secret} or ${encodeURIComponent(secret)}\u001b[31m ${'x'.repeat(500)}`,
      },
      [secret],
    );
    expect(error.message).toContain('unknown secret [redacted] or [redacted]?[31m');
    expect(error.message.length).toBeLessThan(400);
  });
});
