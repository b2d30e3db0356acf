import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { bearerAuthorizationLine } from './authorization-header';

function refusal(token: string): VaultError {
  try {
    bearerAuthorizationLine('agent', token);
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('bearerAuthorizationLine', () => {
  it('builds the header line of a well-formed token', () => {
    expect(bearerAuthorizationLine('agent', 'eyJ.a-b_c.d~+/=')).toBe(
      'Authorization: Bearer eyJ.a-b_c.d~+/=',
    );
  });

  it.each([
    ['a line feed', 'abc\nX-Injected: 1'],
    ['a carriage return', 'abc\rX-Injected: 1'],
    ['CR LF', 'abc\r\nX-Injected: 1'],
    ['a trailing line feed', 'abc\n'],
    ['NUL', 'abc\0def'],
    ['a tab', 'abc\tdef'],
    ['DEL', 'abc\x7fdef'],
    ['a C1 control (NEL)', 'abc\x85def'],
  ])('refuses a token holding %s, as bad input, without quoting it', (_what, token) => {
    const secret = `${markedSecret('access')}${token}`;
    const error = refusal(secret);
    expect(error.kind).toBe('bad-input');
    expect(error.message).toContain('bearer "agent"');
    expect(error.message).toContain('control character');
    expect(error.message).not.toContain(LEAK_MARKER);
    expect(error.message).not.toContain('Injected');
  });

  test.prop([fc.string(), fc.integer({ min: 0, max: 0x1f }), fc.string()])(
    'never returns a line holding a C0 control character',
    (before, code, after) => {
      expect(() =>
        bearerAuthorizationLine('agent', before + String.fromCharCode(code) + after),
      ).toThrow(VaultError);
    },
  );
});
