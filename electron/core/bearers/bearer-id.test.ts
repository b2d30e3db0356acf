import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BearerStore } from './bearer-store';
import { checkBearerId, isValidBearerId } from './bearer-id';
import { makeTempDir } from '../../../test-support/temp-dir';
import { rejectionOf } from '../../../test-support/leak-marker';

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
});
