import { describe, expect, it } from 'vitest';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { decodeUtf8Strict, hasLoneSurrogate } from './strict-utf8';

describe('strict UTF-8', () => {
  it('refuses invalid bytes instead of turning them into U+FFFD, naming the source only', () => {
    const secret = markedSecret();
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const bytes = Buffer.concat([Buffer.from(secret), Buffer.from(bad)]);
      expect(() => decodeUtf8Strict(bytes, 'standard input')).toThrow(
        /^standard input is not valid UTF-8$/,
      );
      try {
        decodeUtf8Strict(bytes, 'standard input');
      } catch (error) {
        expect((error as Error).message).not.toContain(LEAK_MARKER);
      }
    }
  });

  it('returns valid text unchanged, a byte-order mark included', () => {
    expect(decodeUtf8Strict(Buffer.from('\ufeffé😀'), 'x')).toBe('\ufeffé😀');
  });

  it('tells a lone surrogate from a pair', () => {
    expect(hasLoneSurrogate('a\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00b')).toBe(true);
    expect(hasLoneSurrogate('😀')).toBe(false);
  });
});
