import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import {
  checkHashPrefix,
  checkKeyName,
  checkKeyPrefix,
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
} from './key-material';

function errorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

describe('key material', () => {
  it('mints a prefix and 64 lowercase hex digits, never the same twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => generateApiKey('oxios_')));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^oxios_[0-9a-f]{64}$/);
    expect(generateApiKey('sk.test-')).toMatch(/^sk\.test-[0-9a-f]{64}$/);
  });

  it('hashes the whole key string to lowercase hex SHA-256', () => {
    const key = generateApiKey('oxios_');
    expect(hashApiKey(key)).toBe(createHash('sha256').update(key, 'utf8').digest('hex'));
    expect(hashApiKey('ключ')).toBe(createHash('sha256').update('ключ', 'utf8').digest('hex'));
  });

  it('accepts names up to 128 characters, counted as characters, not UTF-16 units', () => {
    expect(checkKeyName('deploy-bot')).toBe('deploy-bot');
    expect(checkKeyName('a'.repeat(128))).toHaveLength(128);
    expect(checkKeyName('🔑'.repeat(128))).toHaveLength(256);
    expect(checkKeyName('CI bot (staging) é')).toBe('CI bot (staging) é');
  });

  it.each([
    ['', /cannot be empty/],
    ['a'.repeat(129), /longer than 128 characters/],
    ['new\nline', /control character/],
    ['nul\u0000', /control character/],
    ['del\u007f', /control character/],
    ['esc\u001b[31m', /control character/],
    ['half \ud83d', /unpaired surrogate/],
  ])('refuses the name %j as bad input', (name, message) => {
    const error = errorOf(() => checkKeyName(name));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a key with the seed prefix', generateApiKey('oxios_'), 'an API key'],
    ['a key with another prefix', generateApiKey('acme-'), 'an API key'],
    ['a key in a sentence', `my key ${generateApiKey('oxios_')}`, 'an API key'],
    [
      'a JWT',
      `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.eyJzdWIiOiJhIn0.c2ln`,
      'a JWT',
    ],
    ['a PASETO token', 'v4.public.eyJzdWIiOiJhIn0c2ln', 'a PASETO token'],
  ])('refuses %s as a name, without quoting it', (_what, name, shape) => {
    const error = errorOf(() => checkKeyName(name));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toContain(`invalid key name: it looks like ${shape}`);
    expect(error.message).toContain('standard input');
    expect(error.message).not.toContain(name.slice(-20));
  });

  it('tells a key from a name, so a key given as a name is not quoted back', () => {
    expect(looksLikeApiKey(generateApiKey('oxios_'))).toBe(true);
    expect(looksLikeApiKey(generateApiKey('x'))).toBe(true);
    for (const name of ['deploy-bot', 'a'.repeat(128), `build-${'1'.repeat(64)}`])
      expect(looksLikeApiKey(name), name).toBe(false);
  });

  it('accepts only short plain prefixes', () => {
    expect(checkKeyPrefix('oxios_')).toBe('oxios_');
    for (const bad of ['', 'a b', 'x'.repeat(33), 'key\n', 'é_']) {
      expect(errorOf(() => checkKeyPrefix(bad)).kind).toBe('bad-input');
    }
  });

  it('takes hash prefixes of 8 to 64 hex digits in any case, and never quotes a refused one', () => {
    expect(checkHashPrefix('6802FF7E')).toBe('6802ff7e');
    expect(checkHashPrefix('a'.repeat(64))).toBe('a'.repeat(64));
    const key = generateApiKey('oxios_');
    for (const bad of ['6802ff7', 'zzzzzzzz', 'a'.repeat(65), key, '']) {
      const error = errorOf(() => checkHashPrefix(bad));
      expect(error.kind).toBe('bad-input');
      expect(error.message).toMatch(/8 to 64 hex digits/);
      if (bad !== '') expect(error.message).not.toContain(bad);
    }
  });
});
