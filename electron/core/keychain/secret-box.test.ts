import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import { makeTempDir } from '../../../test-support/temp-dir';
import { encodeJsonString } from '../bearers/bearer-file-codec';
import { ensureRootId, readRootId } from './root-id';
import {
  ENCRYPTED_PREFIX,
  SecretBoxError,
  decryptSecret,
  encryptSecret,
  looksEncrypted,
  type SecretPlace,
} from './secret-box';

const key = randomBytes(32);
const place: SecretPlace = {
  rootId: 'f'.repeat(32),
  bearerId: 'alice',
  fileName: 'access_token.json',
};
const WHERE = '/roots/main/alice/access_token.json';

function failureOf(run: () => unknown): Promise<Error> {
  return rejectionOf(Promise.resolve().then(run));
}

describe('secret box', () => {
  it('round-trips a secret, in a form that is one plain JSON string with no token bytes', () => {
    const secret = markedSecret('access');
    const sealed = encryptSecret(key, place, secret);
    expect(sealed.startsWith(ENCRYPTED_PREFIX)).toBe(true);
    expect(sealed).toMatch(/^\$cv1\$[A-Za-z0-9_-]+$/);
    expect(encodeJsonString(sealed)).toBe(`"${sealed}"`);
    expect(sealed).not.toContain('LEAKMARK');
    expect(decryptSecret(key, place, sealed, WHERE)).toBe(secret);
    expect(encryptSecret(key, place, secret)).not.toBe(sealed); // a fresh nonce each time
  });

  it('still opens the files earlier versions wrote (the format and its associated data are fixed)', () => {
    // Made by the first release of the form; a change to how the associated
    // data is built (even a faster one) must leave these readable.
    const fixedKey = Buffer.alloc(32, 7);
    const bearerPlace = {
      rootId: '0123456789abcdef0123456789abcdef',
      bearerId: 'agent-7',
      fileName: 'access_token.json',
    };
    expect(
      decryptSecret(
        fixedKey,
        bearerPlace,
        '$cv1$xf0nyvGVw4MfzeSFEzBAekKcEBRWrI1LLOqbGeCKkTmtrjL-rHLwFPooXiH0OzAtaiB8Xg',
        WHERE,
      ),
    ).toBe('eyJ.old-format-token');
    const secretPlace = {
      rootId: 'vault secrets 0123456789abcdef0123456789abcdef',
      bearerId: 'provider-acme',
      fileName: 'provider-acme.secret.json',
    };
    expect(
      decryptSecret(
        fixedKey,
        secretPlace,
        '$cv1$q-QZUBNWcc9m3eW524xzuYrJB_qpeEICGK6fIYeyWp6M51eJIQ7ZFkfaXbXm6sUk',
        WHERE,
      ),
    ).toBe('client-secret-é');
    const error = (() => {
      try {
        decryptSecret(
          fixedKey,
          { ...bearerPlace, bearerId: 'agent-8' },
          encryptSecret(fixedKey, bearerPlace, 'x'),
          ['/r', 'agent-8', 'access_token.json'],
        );
      } catch (caught) {
        return caught as Error;
      }
      return null;
    })();
    expect(error?.message).toMatch(
      /^\/r\/agent-8\/access_token\.json cannot be decrypted: it was encrypted for another place/,
    );
  });

  it.each([
    ['another bearer', { ...place, bearerId: 'bob' }],
    ['another file', { ...place, fileName: 'refresh_token.json' }],
    ['another root', { ...place, rootId: 'e'.repeat(32) }],
  ])('refuses a file moved to %s, naming the file and the reason', async (_label, elsewhere) => {
    const sealed = encryptSecret(key, place, markedSecret());
    const error = await failureOf(() => decryptSecret(key, elsewhere, sealed, WHERE));
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error.message).toBe(
      `${WHERE} cannot be decrypted: it was encrypted for another place (another bearer, file name or root): a file moved or copied here is never served`,
    );
  });

  it('refuses another master key', async () => {
    const sealed = encryptSecret(key, place, markedSecret());
    const error = await failureOf(() => decryptSecret(randomBytes(32), place, sealed, WHERE));
    expect(error.message).toMatch(
      /cannot be decrypted: it was encrypted with another master key, or its bytes were altered$/,
    );
  });

  test.prop([fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'refuses a ciphertext with any byte altered',
    (position, flip) => {
      const sealed = encryptSecret(key, place, markedSecret());
      const payload = Buffer.from(sealed.slice(ENCRYPTED_PREFIX.length), 'base64url');
      const index = position % payload.length;
      payload[index] = payload[index]! ^ flip;
      const altered = `${ENCRYPTED_PREFIX}${payload.toString('base64url')}`;
      expect(() => decryptSecret(key, place, altered, WHERE)).toThrow(SecretBoxError);
    },
  );

  it.each([
    ['a plain token', 'plain-token-value', /it is not in the encrypted form$/],
    ['a truncated form', '$cv1$AAAA', /its encrypted form is malformed/],
    ['non-base64url text', '$cv1$not base64!', /its encrypted form is malformed/],
    [
      'a newer version',
      '$cv2$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      /format version 2, which this Credvault does not read/,
    ],
  ])('explains %s', async (_label, text, reason) => {
    const error = await failureOf(() => decryptSecret(key, place, text, WHERE));
    expect(error.message).toMatch(reason);
    expect(error.message.startsWith(`${WHERE} cannot be decrypted: `)).toBe(true);
  });

  const b64tokenChar = fc.constantFrom(
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/'.split(''),
  );
  const b64token = fc
    .tuple(fc.array(b64tokenChar, { minLength: 1, maxLength: 200 }), fc.nat({ max: 2 }))
    .map(([chars, padding]) => chars.join('') + '='.repeat(padding));
  const jwtLike = fc
    .array(fc.base64String({ minLength: 4, maxLength: 60 }), { minLength: 3, maxLength: 3 })
    .map((parts) => `eyJ${parts.join('.')}`);

  test.prop([
    fc.oneof(
      b64token,
      jwtLike,
      fc.string({ unit: 'grapheme-ascii' }).filter((s) => !s.startsWith('$')),
    ),
  ])('never takes a plain token for the encrypted form', (token) => {
    expect(looksEncrypted(token)).toBe(false);
    expect(() => decryptSecret(key, place, token, WHERE)).toThrow(
      /it is not in the encrypted form$/,
    );
  });
});

describe('root id', () => {
  it('is created once, kept in a dot file inside the root, and survives a rename or a symlink', () => {
    const parent = makeTempDir();
    const root = join(parent, 'bearers');
    mkdirSync(root);
    expect(readRootId(root)).toBeNull();
    const rootId = ensureRootId(root);
    expect(ensureRootId(root)).toBe(rootId);
    const sealed = encryptSecret(key, { ...place, rootId }, 'token-value');

    const moved = join(parent, 'moved');
    renameSync(root, moved);
    const link = join(parent, 'link');
    symlinkSync(moved, link);
    for (const where of [moved, link]) {
      const id = readRootId(where)!;
      expect(decryptSecret(key, { ...place, rootId: id }, sealed, WHERE)).toBe('token-value');
    }
  });
});
