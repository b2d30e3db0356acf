import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { recased, survivingPiece } from '../../../test-support/secret-pieces';
import { formatOAuthError, oauthErrorText } from './oauth-error-text';

const secretArb = fc.string({
  unit: fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=?é',
  ),
  minLength: 8,
  maxLength: 64,
});

describe('oauthErrorText', () => {
  test.prop([
    fc.array(secretArb, { minLength: 1, maxLength: 3 }),
    fc.nat(),
    fc.nat(),
    fc.nat(),
    fc.array(fc.boolean(), { minLength: 1 }),
    fc.string({ maxLength: 120 }),
    fc.string({ maxLength: 120 }),
  ])(
    'shows no piece of 8 or more characters of any secret, in any case, in error or description',
    (secrets, which, from, length, flips, before, after) => {
      const secret = secrets[which % secrets.length] ?? '';
      const start = from % (secret.length - 7);
      const piece = recased(
        secret.slice(start, start + 8 + (length % (secret.length - start - 7))),
        flips,
      );
      const text = oauthErrorText(
        { error: `${before.slice(0, 20)}${piece}`, error_description: `${before}${piece}${after}` },
        secrets,
      );
      expect(survivingPiece(text.error ?? '', secrets)).toBeNull();
      expect(survivingPiece(text.description ?? '', secrets)).toBeNull();
    },
  );

  it('keeps only the characters RFC 6749 allows, caps the length, and says what the server said', () => {
    const text = oauthErrorText(
      { error: 'invalid_grant', error_description: `expired "x"\\\u001b[31m ${'y'.repeat(300)}` },
      [],
    );
    expect(text.error).toBe('invalid_grant');
    expect(text.description).toBe(`expired ?x???[31m ${'y'.repeat(182)}…`);
    expect(formatOAuthError(text)).toBe(`invalid_grant (${text.description})`);
    expect(oauthErrorText({ error_description: 'only this' }, [])).toEqual({
      error: null,
      description: 'only this',
    });
    expect(oauthErrorText('not an object', [])).toEqual({ error: null, description: null });
  });

  it('redacts again when a "?" standing in for another character completes a piece of a secret', () => {
    const secret = 'abcd?fgh-and-more';
    // The server sent "abcdéfgh": no piece of the secret, until é is shown as "?".
    const text = oauthErrorText({ error: 'invalid_client', error_description: 'got abcdéfgh' }, [
      secret,
    ]);
    expect(text.description).toBe('got [redacted]');
  });
});
