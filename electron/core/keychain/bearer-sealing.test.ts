import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { markedSecret, rejectionOf } from '../../../test-support/leak-marker';
import type { BearerRecord } from '../bearers/bearer-record-reader';
import { VaultError } from '../errors';
import { openRecord, sealRecord, type RootKeys } from './bearer-sealing';
import { SecretBoxError } from './secret-box';

const ROOT = '/vault/bearers';
const keys: RootKeys = { rootId: 'c'.repeat(32), key: randomBytes(32), unavailableReason: '' };
const noKey: RootKeys = { ...keys, key: null, unavailableReason: 'the keyring is locked' };

function record(): BearerRecord {
  return {
    accessToken: markedSecret('access'),
    refreshToken: markedSecret('refresh'),
    expiresAtUnix: 1_900_000_000,
  };
}

function failureOf(run: () => unknown): Promise<Error> {
  return rejectionOf(Promise.resolve().then(run));
}

describe('bearer sealing', () => {
  it('seals both token files, keeps the expiry plain, and opens them again', () => {
    const plain = record();
    const sealed = sealRecord(plain, keys, 'alice');
    expect(JSON.stringify(sealed)).not.toContain('LEAKMARK');
    expect(sealed.expiresAtUnix).toBe(plain.expiresAtUnix);
    expect(openRecord(sealed, keys, ROOT, 'alice')).toEqual({
      kind: 'record',
      record: plain,
      form: 'encrypted',
    });
  });

  it('reads plain and half-migrated records as they are', () => {
    const plain = record();
    expect(openRecord(plain, noKey, ROOT, 'alice')).toEqual({
      kind: 'record',
      record: plain,
      form: 'plain',
    });
    const half = { ...plain, accessToken: sealRecord(plain, keys, 'alice').accessToken };
    expect(openRecord(half, keys, ROOT, 'alice')).toEqual({
      kind: 'record',
      record: plain,
      form: 'mixed',
    });
  });

  it('calls an encrypted record locked when there is no key, and refuses to write one', async () => {
    const sealed = sealRecord(record(), keys, 'alice');
    expect(openRecord(sealed, noKey, ROOT, 'alice')).toEqual({
      kind: 'locked',
      reason: 'the keyring is locked',
    });
    const error = await failureOf(() => sealRecord(record(), noKey, 'alice'));
    expect(error).toBeInstanceOf(VaultError);
    expect(error.message).toBe(
      'refusing to write bearer "alice" into an encrypted root without its key: the keyring is locked',
    );
  });

  it('refuses a token file copied from another bearer, naming the file', async () => {
    const alice = sealRecord(record(), keys, 'alice');
    const error = await failureOf(() => openRecord(alice, keys, ROOT, 'bob'));
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error.message).toMatch(
      /^\/vault\/bearers\/bob\/access_token\.json cannot be decrypted: it was encrypted for another place/,
    );
  });

  it('refuses a plain token that starts like the encrypted form', async () => {
    const error = await failureOf(() =>
      sealRecord({ ...record(), refreshToken: '$cv1$abc' }, keys, 'alice'),
    );
    expect(error.message).toMatch(/^refresh_token starts with "\$cv<digits>\$"/);
  });
});
