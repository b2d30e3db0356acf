import { fc, test } from '@fast-check/vitest';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import {
  looksLikeSecret,
  maskSecretShapes,
  refuseSecretShaped,
  secretShapeOf,
} from './secret-shapes';

const b64url = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function jwt(header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  return `${b64url(header)}.${b64url({ sub: 'alice', sv: 1 })}.${randomBytes(32).toString('base64url')}`;
}

const apiKey = (prefix = 'oxios_') => `${prefix}${randomBytes(32).toString('hex')}`;
const paseto = (version = 'v4', purpose = 'public') =>
  `${version}.${purpose}.${randomBytes(48).toString('base64url')}`;

function refusal(text: string, what: string): VaultError {
  try {
    refuseSecretShaped(text, what);
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('secret shapes', () => {
  it('recognises API keys with the seed prefix, or the prefix in use', () => {
    expect(secretShapeOf(apiKey())).toBe('an API key');
    expect(secretShapeOf(apiKey().toUpperCase().replace('OXIOS_', 'oxios_'))).toBe('an API key');
    expect(secretShapeOf(`Bearer ${apiKey()}`)).toBe('an API key');
    expect(secretShapeOf(apiKey('acme_'))).toBeNull();
    expect(secretShapeOf(apiKey('acme_'), { keyPrefix: 'acme_' })).toBe('an API key');
    // 63 or 65 hex digits are not a key.
    expect(secretShapeOf(`oxios_${'a1'.repeat(31)}f`)).toBeNull();
    expect(secretShapeOf(`${apiKey()}0`)).toBeNull();
  });

  it('recognises a JWT (and a JWE) only when its first part decodes to a JSON object with alg', () => {
    expect(secretShapeOf(jwt())).toBe('a JWT');
    expect(secretShapeOf(jwt({ alg: 'none' }).replace(/[^.]+$/, ''))).toBe('a JWT');
    expect(secretShapeOf(`Bearer ${jwt()}`)).toBe('a JWT');
    const jwe = `${b64url({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`;
    expect(secretShapeOf(jwe)).toBe('a JWT');
    for (const id of [
      'a.b.c',
      'agent.prod.eu',
      `${b64url({ typ: 'JWT' })}.x.y`,
      `${b64url([1, 2])}.x.y`,
      `${b64url('"alg"')}.x.y`,
      `${b64url({ alg: 'RS256' })}.x`,
      `${b64url({ alg: 'RS256' })}.x.y.z`,
    ]) {
      expect(secretShapeOf(id), id).toBeNull();
    }
  });

  it('recognises PASETO tokens v1 to v4, local or public', () => {
    for (const version of ['v1', 'v2', 'v3', 'v4'])
      for (const purpose of ['local', 'public'])
        expect(secretShapeOf(paseto(version, purpose))).toBe('a PASETO token');
    for (const id of ['v5.local.x', 'v4.secret.x', 'v4-public', 'release-v4.public-x'])
      expect(secretShapeOf(id), id).toBeNull();
  });

  it('leaves ordinary ids and names alone', () => {
    for (const name of [
      'agent-A',
      'github-bot',
      'x.y_z-1',
      'deploy bot',
      `build-${'1'.repeat(64)}`,
    ])
      expect(looksLikeSecret(name), name).toBe(false);
  });

  it('refuses without quoting, naming what was expected and pointing to standard input', () => {
    const token = jwt();
    const error = refusal(token, 'bearer id');
    expect(error.kind).toBe('bad-input');
    expect(error.message).toBe(
      'invalid bearer id: it looks like a JWT, so it is neither shown nor used; secrets are read only from standard input, never from arguments (to look at a token: credvault inspect -)',
    );
  });

  it("masks secret-shaped words in a parser's message and keeps the rest", () => {
    const token = jwt();
    expect(maskSecretShapes(`error: unknown command '${token}'\n`)).toBe(
      "error: unknown command '<secret-shaped argument, not shown>'\n",
    );
    expect(maskSecretShapes(`error: unknown option '--${apiKey()}'\n`)).toBe(
      "error: unknown option '<secret-shaped argument, not shown>'\n",
    );
    expect(maskSecretShapes("error: unknown command 'tokn'\n")).toBe(
      "error: unknown command 'tokn'\n",
    );
  });

  test.prop([
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
    fc.jsonValue({ maxDepth: 2 }),
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom('', 'Bearer ', 'token='),
  ])(
    'finds any JWT whose header names an alg, wherever it sits',
    (extra, alg, signature, before) => {
      const header = { ...extra, alg };
      const token = `${b64url(header)}.${b64url({ sub: 'x' })}.${Buffer.from(signature).toString('base64url')}`;
      expect(secretShapeOf(`${before}${token}`)).toBe('a JWT');
    },
  );

  test.prop([fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/)])(
    'calls no bearer id a JWT unless its first dotted part is a JOSE header',
    (id) => {
      const first = id.split('.')[0] ?? '';
      let header: unknown;
      try {
        header = JSON.parse(Buffer.from(first, 'base64url').toString('utf8'));
      } catch {
        header = undefined;
      }
      const isHeader =
        header !== null && typeof header === 'object' && !Array.isArray(header) && 'alg' in header;
      if (!isHeader && !/v[1-4]\.(local|public)\./.test(id) && !/oxios_[0-9a-f]{64}/i.test(id))
        expect(looksLikeSecret(id)).toBe(false);
    },
  );
});
