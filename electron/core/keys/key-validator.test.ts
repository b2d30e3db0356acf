import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markedSecret } from '../../../test-support/leak-marker';
import { SEED_KEYS_JSON, seedKeysPlain } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { ApiKeyStore } from './key-store';
import { ApiKeyValidator } from './key-validator';

function seedCopy(): string {
  const path = join(makeTempDir(), 'keys.json');
  copyFileSync(SEED_KEYS_JSON, path);
  return path;
}

describe('the in-memory validator', () => {
  it("knows the seed's three keys by name and nothing else", () => {
    const validator = ApiKeyValidator.fromFile(seedCopy());
    expect(validator.size).toBe(3);
    expect(seedKeysPlain().map((key) => validator.validate(key))).toEqual([
      'deploy-bot',
      'ci-bot',
      'ci-bot',
    ]);
    for (const wrong of [
      markedSecret('key'),
      '',
      `${seedKeysPlain()[0]}\n`,
      seedKeysPlain()[0]!.toUpperCase(),
      seedKeysPlain()[0]!.slice(0, -1),
    ]) {
      expect(validator.validate(wrong)).toBeNull();
    }
  });

  it('validates keys minted through the store, and ignores malformed entries', async () => {
    const path = seedCopy();
    const minted = await new ApiKeyStore({ path }).mint('fresh');
    const text = readFileSync(path, 'utf8').replace(
      '"2026-11-23T18:51:45.052094177+00:00"',
      '"garbled"',
    );
    writeFileSync(path, text);
    const validator = ApiKeyValidator.fromFile(path);
    expect(validator.validate(minted.key)).toBe('fresh');
    expect(validator.validate(seedKeysPlain()[0]!)).toBeNull(); // deploy-bot's entry is now malformed
    expect(validator.size).toBe(3);
  });

  it('reads the file once: a later revoke shows only in a new validator', async () => {
    const path = seedCopy();
    const before = ApiKeyValidator.fromFile(path);
    await new ApiKeyStore({ path }).revokeByName('deploy-bot');
    expect(before.validate(seedKeysPlain()[0]!)).toBe('deploy-bot');
    expect(ApiKeyValidator.fromFile(path).validate(seedKeysPlain()[0]!)).toBeNull();
  });

  it('has no keys when the file is missing', () => {
    const validator = ApiKeyValidator.fromFile(join(makeTempDir(), 'keys.json'));
    expect(validator.size).toBe(0);
    expect(validator.validate(seedKeysPlain()[0]!)).toBeNull();
  });
});
