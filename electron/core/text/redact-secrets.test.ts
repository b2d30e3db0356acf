import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { echoedEncodings, recased, survivingPiece } from '../../../test-support/secret-pieces';
import { MIN_PIECE, REDACTED, redactSecrets, secretRedactor } from './redact-secrets';

const secretChars = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=:%! ?&é€',
);
const secretArb = fc.string({ unit: secretChars, minLength: MIN_PIECE, maxLength: 80 });
const noiseArb = fc.string({ maxLength: 40 });

describe('redactSecrets', () => {
  it('cuts out the exact secret, in any case, and its URL and form encodings', () => {
    const secret = 'S3cr3t/with space+plus';
    const text = [
      `raw ${secret}`,
      `upper ${secret.toUpperCase()}`,
      `lower ${secret.toLowerCase()}`,
      `url ${encodeURIComponent(secret)}`,
      `form ${new URLSearchParams({ s: secret }).toString().slice(2)}`,
    ].join(' | ');
    expect(redactSecrets(text, [secret])).toBe(
      'raw [redacted] | upper [redacted] | lower [redacted] | url [redacted] | form [redacted]',
    );
  });

  it('cuts out any piece of 8 characters or more, and leaves shorter ones and other text alone', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
    expect(redactSecrets('quoted ghijklmnopqrst here', [secret])).toBe('quoted [redacted] here');
    expect(redactSecrets('quoted GHIJKLMN here', [secret])).toBe('quoted [redacted] here');
    expect(redactSecrets('quoted ghijklm here', [secret])).toBe('quoted ghijklm here');
    expect(redactSecrets('invalid_client: unknown client', [secret])).toBe(
      'invalid_client: unknown client',
    );
  });

  it('cuts out a short secret only whole, and not one under 4 characters', () => {
    expect(redactSecrets('pin 4711 and PIN 47', ['4711'])).toBe('pin [redacted] and PIN 47');
    expect(redactSecrets('abc abc', ['abc'])).toBe('abc abc');
  });

  it('merges neighbouring pieces into one marker and never splits a surrogate pair', () => {
    const secret = 'x😀yzabcdefgh';
    expect(redactSecrets(`<${secret}${secret}>`, [secret])).toBe(`<${REDACTED}>`);
    const out = redactSecrets('😀yzabcdef', [secret]);
    expect(out).toBe(REDACTED);
  });

  it('handles a 64 KiB secret against a capped text (one pass over the secret)', () => {
    const secret = 'k'.repeat(10) + 'Q9'.repeat(32 * 1024 - 5);
    const redact = secretRedactor([secret]);
    expect(redact(`token ${secret.slice(40_000, 40_014).toUpperCase()} expired`)).toBe(
      'token [redacted] expired',
    );
  });

  test.prop([
    secretArb,
    fc.nat(),
    fc.nat(),
    fc.array(fc.boolean(), { minLength: 1 }),
    noiseArb,
    noiseArb,
    fc.nat(3),
  ])(
    'no piece of 8 or more characters of a secret survives, in any case or encoding',
    (secret, from, length, flips, before, after, encodingIndex) => {
      const forms = echoedEncodings(secret);
      const form = forms[encodingIndex % forms.length] ?? secret;
      const start = from % (form.length - MIN_PIECE + 1);
      const piece = form.slice(
        start,
        start + MIN_PIECE + (length % (form.length - start - MIN_PIECE + 1)),
      );
      const output = redactSecrets(`${before}${recased(piece, flips)}${after}`, [secret]);
      expect(survivingPiece(output, [secret])).toBeNull();
    },
  );

  test.prop([fc.array(secretArb, { minLength: 1, maxLength: 3 }), fc.string({ maxLength: 200 })])(
    'leaves a text holding no piece of any secret exactly as it was',
    (secrets, text) => {
      fc.pre(survivingPiece(text, secrets) === null);
      fc.pre(!secrets.some((s) => s.length < MIN_PIECE));
      expect(redactSecrets(text, secrets)).toBe(text);
    },
  );
});
