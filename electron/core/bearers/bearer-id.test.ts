import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BearerStore } from './bearer-store';
import { checkBearerId, isValidBearerId } from './bearer-id';
import { makeTempDir } from '../../../test-support/temp-dir';
import { rejectionOf } from '../../../test-support/leak-marker';
import { survivingPiece } from '../../../test-support/secret-pieces';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Secrets a user may paste where a bearer id goes; each is a valid id by its characters alone. */
const SECRETS_AS_IDS = [
  `oxios_${'0123456789abcdef'.repeat(4)}`,
  `${b64url({ alg: 'HS256' })}.${b64url({ sub: 'a' })}.c2lnbmF0dXJl`,
  'v4.public.eyJzdWIiOiJhbGljZSJ9c2lnbmF0dXJl',
  'v2.local.c2VjcmV0LXBheWxvYWQ',
];

const HOSTILE_IDS = [
  '',
  '.',
  '..',
  '../escape',
  '..\\escape',
  'a/b',
  '/etc/passwd',
  '.hidden',
  '.credvault.lock',
  'a\u0000b',
  'new\nline',
  'tab\tid',
  'space id',
  'é',
  'a'.repeat(129),
  '%2e%2e',
  'C:\\x',
];

describe('bearer ids', () => {
  it('accepts letters, digits, dot, underscore and dash up to 128 characters', () => {
    for (const id of ['a', 'agent-A', 'x.y_z-1', 'A'.repeat(128), '0', '_x', '-x']) {
      expect(isValidBearerId(id), id).toBe(true);
    }
  });

  it.each(HOSTILE_IDS.map((id) => [JSON.stringify(id).slice(0, 40), id]))(
    'refuses %s with a message naming it',
    (_label, id) => {
      expect(() => checkBearerId(id)).toThrowError(/invalid bearer id/);
    },
  );

  it('creates nothing on disk for any refused id, for every writing operation', async () => {
    const root = makeTempDir();
    const store = new BearerStore({ root: join(root, 'bearers') });
    const record = { accessToken: 'a', refreshToken: 'r', expiresAtUnix: 1 };
    for (const id of HOSTILE_IDS) {
      const errors = [
        await rejectionOf(store.put(id, record)),
        await rejectionOf(store.put(id, record, { force: true })),
        await rejectionOf(store.remove(id)),
        await rejectionOf(store.show(id)),
      ];
      for (const error of errors) expect(error.message).toMatch(/invalid bearer id/);
    }
    expect(existsSync(join(root, 'bearers'))).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  it('keeps dotted ids that are not tokens: a.b.c is an id', () => {
    for (const id of ['a.b.c', 'eu.prod.agent', 'v4.local', 'oxios_short'])
      expect(checkBearerId(id)).toBe(id);
  });

  it.each(SECRETS_AS_IDS.map((id) => [id.slice(0, 12), id]))(
    'refuses %s… (a secret) without showing any of it, pointing to standard input',
    (_label, id) => {
      let message = '';
      try {
        checkBearerId(id);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^invalid bearer id: it looks like .*standard input/);
      expect(survivingPiece(message, [id])).toBeNull();
    },
  );

  it('does not quote an id too long to be one (a pasted token, most likely)', () => {
    const long = 'x'.repeat(40) + 'Q'.repeat(200);
    expect(() => checkBearerId(long)).toThrowError(
      'invalid bearer id (not shown): it is 240 characters long (at most 128)',
    );
  });
});
