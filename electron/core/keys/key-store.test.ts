import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rejectionOf } from '../../../test-support/leak-marker';
import { SEED_KEYS_JSON, seedKeysPlain } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { VaultError } from '../errors';
import { ApiKeyStore } from './key-store';
import { hashApiKey } from './key-material';
import {
  parseJsonLossless,
  stringifyJsonPretty,
  type JsonObject,
  type JsonValue,
} from '../text/lossless-json';

const SEED_FORMAT_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00$/;

function seedCopy(): string {
  const path = join(makeTempDir(), 'keys.json');
  copyFileSync(SEED_KEYS_JSON, path);
  chmodSync(path, 0o600);
  return path;
}

function entriesOf(path: string): JsonValue[] {
  return (parseJsonLossless(readFileSync(path, 'utf8')) as JsonObject).get('keys') as JsonValue[];
}

async function vaultErrorOf(promise: Promise<unknown>): Promise<VaultError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe("the seed's key file", () => {
  it('validates each of its three keys, with the right name', async () => {
    const store = new ApiKeyStore({ path: seedCopy() });
    const names = [];
    for (const key of seedKeysPlain()) names.push((await store.validate(key))?.name);
    expect(names).toEqual(['deploy-bot', 'ci-bot', 'ci-bot']);
  });

  it('revoking ci-bot removes both ci-bot keys and keeps deploy-bot working', async () => {
    const path = seedCopy();
    const store = new ApiKeyStore({ path });
    const [deploy, ci1, ci2] = seedKeysPlain() as [string, string, string];
    const removed = await store.revokeByName('ci-bot');
    expect(removed.map((info) => info.hashHex)).toEqual([hashApiKey(ci1), hashApiKey(ci2)]);
    expect(store.list().map((info) => info.name)).toEqual(['deploy-bot']);
    expect(await store.validate(ci1)).toBeNull();
    expect(await store.validate(ci2)).toBeNull();
    expect((await store.validate(deploy))?.name).toBe('deploy-bot');
  });

  it('lists name, hash and times, never a key', () => {
    const path = seedCopy();
    const infos = new ApiKeyStore({ path }).list();
    expect(infos).toEqual([
      {
        name: 'ci-bot',
        hashHex: hashApiKey(seedKeysPlain()[1]!),
        createdAt: '2026-11-23T18:51:45.054030216+00:00',
        lastUsed: null,
      },
      {
        name: 'ci-bot',
        hashHex: hashApiKey(seedKeysPlain()[2]!),
        createdAt: '2026-11-23T18:51:45.055804024+00:00',
        lastUsed: null,
      },
      {
        name: 'deploy-bot',
        hashHex: hashApiKey(seedKeysPlain()[0]!),
        createdAt: '2026-11-23T18:51:45.052094177+00:00',
        lastUsed: null,
      },
    ]);
    const text = JSON.stringify(infos);
    for (const key of seedKeysPlain()) expect(text).not.toContain(key);
  });
});

describe('minting', () => {
  it('creates the file and a private parent folder, and the key validates', async () => {
    const home = makeTempDir();
    const path = join(home, 'vault', 'keys.json');
    const store = new ApiKeyStore({
      path,
      clock: { nowMs: () => Date.UTC(2026, 10, 1, 12, 34, 56, 123) },
    });
    const minted = await store.mint('deploy-bot');
    expect(minted.key).toMatch(/^oxios_[0-9a-f]{64}$/);
    expect(minted.hashHex).toBe(hashApiKey(minted.key));
    expect(minted.createdAt).toBe('2026-11-01T12:34:56.123000000+00:00');
    expect(statSync(join(home, 'vault')).mode & 0o777).toBe(0o700);
    expect((await store.validate(minted.key))?.name).toBe('deploy-bot');
    expect(readFileSync(path, 'utf8')).not.toContain(minted.key);
    expect(readFileSync(path, 'utf8')).not.toContain(minted.key.slice(6));
  });

  it("writes exactly the seed's shape: hash_hex first, 2-space pretty JSON, no trailing newline", async () => {
    const path = join(makeTempDir(), 'keys.json');
    const store = new ApiKeyStore({ path });
    await store.mint('a');
    const minted = await store.mint('b', { prefix: 'sk_live_' });
    expect(minted.key).toMatch(/^sk_live_[0-9a-f]{64}$/);
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { keys: Array<Record<string, unknown>> };
    expect(text).toBe(JSON.stringify(parsed, null, 2));
    expect(text.endsWith('}')).toBe(true);
    expect(Object.keys(parsed)).toEqual(['keys']);
    for (const entry of parsed.keys) {
      expect(Object.keys(entry)).toEqual(['hash_hex', 'name', 'created_at', 'last_used']);
      expect(entry.hash_hex).toMatch(/^[0-9a-f]{64}$/);
      expect(entry.created_at).toMatch(SEED_FORMAT_TIME);
      expect(entry.last_used).toBeNull();
    }
    expect(parsed.keys.map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('appends after the existing entries, keeping their order', async () => {
    const path = seedCopy();
    const before = readFileSync(path, 'utf8');
    await new ApiKeyStore({ path }).mint('new-bot');
    const after = entriesOf(path);
    expect(after.slice(0, 3).map((e) => stringifyJsonPretty(e))).toEqual(
      entriesOf(SEED_KEYS_JSON).map((e) => stringifyJsonPretty(e)),
    );
    expect((after[3] as JsonObject).get('name')).toBe('new-bot');
    expect(before).toBe(readFileSync(SEED_KEYS_JSON, 'utf8'));
  });

  it('writes the file at 0600 whatever the umask, and an existing 0644 file ends at 0600', async () => {
    const old = process.umask(0);
    onTestFinished(() => void process.umask(old));
    const dir = makeTempDir();
    const store = new ApiKeyStore({ path: join(dir, 'new', 'keys.json') });
    await store.mint('x');
    expect(statSync(join(dir, 'new', 'keys.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700);
    const seed = seedCopy();
    chmodSync(seed, 0o644);
    await new ApiKeyStore({ path: seed }).revokeByName('deploy-bot');
    expect(statSync(seed).mode & 0o777).toBe(0o600);
  });

  it('refuses a bad name or prefix before touching the disk', async () => {
    const dir = makeTempDir();
    const store = new ApiKeyStore({ path: join(dir, 'sub', 'keys.json') });
    for (const [name, prefix] of [
      ['', undefined],
      ['a\nb', undefined],
      ['x'.repeat(129), undefined],
      ['ok', 'has space'],
    ] as const) {
      const error = await vaultErrorOf(store.mint(name, prefix === undefined ? {} : { prefix }));
      expect(error.kind).toBe('bad-input');
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('several stores on one file', () => {
  it("each see the others' changes, whatever they last wrote themselves", async () => {
    const path = join(makeTempDir(), 'keys.json');
    const a = new ApiKeyStore({ path });
    const b = new ApiKeyStore({ path });
    await a.mint('from-a');
    await b.mint('from-b');
    await a.mint('from-a-again');
    await b.revokeByName('from-a');
    await a.mint('last');
    expect(b.list().map((info) => info.name)).toEqual(['from-b', 'from-a-again', 'last']);
  });
});

describe('revoking', () => {
  it('by a unique hash prefix of 8+ hex digits in any case removes that key only', async () => {
    const path = seedCopy();
    const store = new ApiKeyStore({ path });
    const [deploy, ci1] = seedKeysPlain() as [string, string];
    const removed = await store.revokeByHashPrefix(hashApiKey(deploy).slice(0, 8).toUpperCase());
    expect(removed.map((info) => info.name)).toEqual(['deploy-bot']);
    expect(await store.validate(deploy)).toBeNull();
    expect((await store.revokeByHashPrefix(hashApiKey(ci1))).map((info) => info.hashHex)).toEqual([
      hashApiKey(ci1),
    ]);
    expect(store.list().map((info) => info.name)).toEqual(['ci-bot']);
  });

  it('refuses an ambiguous prefix, saying how many keys match, and changes nothing', async () => {
    const path = join(makeTempDir(), 'keys.json');
    const entry = (hash: string) => ({
      hash_hex: hash,
      name: 'n',
      created_at: '2026-11-23T18:51:45Z',
      last_used: null,
    });
    writeFileSync(
      path,
      JSON.stringify({
        keys: [
          entry(`abcdef01${'0'.repeat(56)}`),
          entry(`abcdef01${'1'.repeat(56)}`),
          entry(`abcdef02${'2'.repeat(56)}`),
        ],
      }),
    );
    const before = readFileSync(path, 'utf8');
    const error = await vaultErrorOf(new ApiKeyStore({ path }).revokeByHashPrefix('ABCDEF01'));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toBe(`hash prefix abcdef01 matches 2 keys in ${path}; give more digits`);
    expect(readFileSync(path, 'utf8')).toBe(before);
    await new ApiKeyStore({ path }).revokeByHashPrefix('abcdef02');
    expect(JSON.parse(readFileSync(path, 'utf8')).keys).toHaveLength(2);
  });

  it('reports an unknown name or hash as not found and leaves the file as it was', async () => {
    const path = seedCopy();
    const store = new ApiKeyStore({ path });
    const byName = await vaultErrorOf(store.revokeByName('nobody'));
    expect([byName.kind, byName.message]).toEqual([
      'not-found',
      `no key named "nobody" in ${path}`,
    ]);
    const byHash = await vaultErrorOf(store.revokeByHashPrefix('00000000'));
    expect([byHash.kind, byHash.message]).toEqual([
      'not-found',
      `no key whose hash starts with 00000000 in ${path}`,
    ]);
    expect(readFileSync(path, 'utf8')).toBe(readFileSync(SEED_KEYS_JSON, 'utf8'));
  });

  it('refuses a key passed where a name belongs, without echoing it', async () => {
    const store = new ApiKeyStore({ path: seedCopy() });
    const key = seedKeysPlain()[0]!;
    const error = await vaultErrorOf(store.revokeByName(key));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toMatch(/^invalid key name: it looks like an API key.*--hash/);
    expect(error.message).not.toContain(key.slice(6, 30));
    expect(await store.validate(key)).not.toBeNull();
  });

  it('on a missing file is not found and creates nothing', async () => {
    const dir = makeTempDir();
    const store = new ApiKeyStore({ path: join(dir, 'keys.json') });
    expect((await vaultErrorOf(store.revokeByName('x'))).kind).toBe('not-found');
    expect((await vaultErrorOf(store.revokeByHashPrefix('12345678'))).kind).toBe('not-found');
    expect(readdirSync(dir)).toEqual([]);
    expect(store.list()).toEqual([]);
    expect(await store.validate('oxios_whatever')).toBeNull();
  });
});

describe('a key file that must exist (one the user named)', () => {
  it('is an error naming it for list, validate and revoke, and nothing is created', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'typo.json');
    const store = new ApiKeyStore({ path, mayBeAbsent: false });
    const failures = [
      await rejectionOf(Promise.resolve().then(() => store.list())),
      await rejectionOf(store.validate(seedKeysPlain()[0]!)),
      await rejectionOf(store.revokeByName('deploy-bot')),
      await rejectionOf(store.revokeByHashPrefix('6802ff7e')),
    ];
    for (const error of failures) {
      expect(error).toBeInstanceOf(VaultError);
      expect((error as VaultError).kind).toBe('bad-input');
      expect((error as VaultError).message).toBe(`key file ${path} does not exist`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is created by mint, which says it created it; a second mint does not', async () => {
    const path = join(makeTempDir(), 'new-keys.json');
    const store = new ApiKeyStore({ path, mayBeAbsent: false });
    expect((await store.mint('first')).createdFile).toBe(true);
    expect((await store.mint('second')).createdFile).toBe(false);
    expect(store.list().map((info) => info.name)).toEqual(['first', 'second']);
  });
});

describe('keeping what we do not know', () => {
  const FOREIGN_FILE = `{
  "version": 3,
  "keys": [
    {
      "hash_hex": "${hashApiKey(seedKeysPlain()[0]!)}",
      "name": "deploy-bot",
      "created_at": "2026-11-23T18:51:45.052094177+00:00",
      "last_used": null,
      "scopes": ["deploy", {"env": "prod"}],
      "quota": 18446744073709551615
    },
    {"kind": "service-account", "id": 7, "ratio": 1.50},
    "legacy-entry",
    {
      "hash_hex": "${hashApiKey(seedKeysPlain()[1]!)}",
      "name": "ci-bot",
      "created_at": "not a time",
      "last_used": null
    },
    {
      "hash_hex": "${hashApiKey(seedKeysPlain()[2]!)}",
      "name": "ci-bot",
      "created_at": "2026-11-23T18:51:45.055804024+00:00",
      "last_used": null
    }
  ],
  "meta": {"written_by": "seed 003", "big": 12345678901234567890}
}`;

  it('keeps unknown top-level fields, entry fields and entries, as values and in place, through every rewrite', async () => {
    const path = join(makeTempDir(), 'keys.json');
    writeFileSync(path, FOREIGN_FILE);
    const store = new ApiKeyStore({ path });
    const before = parseJsonLossless(FOREIGN_FILE) as JsonObject;
    const [deploy] = seedKeysPlain() as [string];
    expect((await store.validate(deploy))?.recordedUse).toBe(true);
    await store.mint('new-bot');
    await store.revokeByName('ci-bot');
    const after = parseJsonLossless(readFileSync(path, 'utf8')) as JsonObject;
    expect([...after.keys()]).toEqual(['version', 'keys', 'meta']);
    expect(stringifyJsonPretty(after.get('version')!)).toBe('3');
    expect(stringifyJsonPretty(after.get('meta')!)).toBe(stringifyJsonPretty(before.get('meta')!));
    const [first, second, third, fourth, fifth] = after.get('keys') as [
      JsonObject,
      JsonValue,
      JsonValue,
      JsonObject,
      JsonObject,
    ];
    const expectedFirst = new Map((before.get('keys') as JsonObject[])[0]);
    expectedFirst.set('last_used', first.get('last_used')!);
    expect(stringifyJsonPretty(first)).toBe(stringifyJsonPretty(expectedFirst));
    expect(first.get('last_used')).toMatch(SEED_FORMAT_TIME);
    expect(readFileSync(path, 'utf8')).toContain('"quota": 18446744073709551615');
    expect(readFileSync(path, 'utf8')).toContain('"big": 12345678901234567890');
    expect(stringifyJsonPretty(second)).toBe(
      stringifyJsonPretty((before.get('keys') as JsonValue[])[1]!),
    );
    expect(third).toBe('legacy-entry');
    // The malformed ci-bot entry is never matched, so revoke ci-bot left it.
    expect(stringifyJsonPretty(fourth)).toBe(
      stringifyJsonPretty((before.get('keys') as JsonValue[])[3]!),
    );
    expect(fifth.get('name')).toBe('new-bot');
  });

  it('never matches a malformed entry, and lists it with its error', async () => {
    const path = join(makeTempDir(), 'keys.json');
    writeFileSync(path, FOREIGN_FILE);
    const store = new ApiKeyStore({ path });
    expect(await store.validate(seedKeysPlain()[1]!)).toBeNull();
    expect((await store.validate(seedKeysPlain()[2]!))?.name).toBe('ci-bot');
    expect(store.list().map((info) => info.error ?? 'ok')).toEqual([
      'ok',
      'entry 2: hash_hex is not 64 lowercase hex digits; name is not a string; created_at is not an RFC 3339 time',
      'entry 3 is not an object',
      'entry 4: created_at is not an RFC 3339 time',
      'ok',
    ]);
  });
});

describe('a file that is not a key file', () => {
  it.each([
    ['not JSON', '{"keys": [ {"hash_hex": '],
    ['an object without keys', '{"tokens": []}'],
    ['keys that is not an array', '{"keys": "none"}'],
  ])(
    'when %s: every operation fails naming the file, and nothing is written',
    async (_label, text) => {
      const dir = makeTempDir();
      const path = join(dir, 'keys.json');
      writeFileSync(path, text);
      const store = new ApiKeyStore({ path });
      const errors = [
        await vaultErrorOf(store.mint('x')),
        await vaultErrorOf(store.validate(seedKeysPlain()[0]!)),
        await vaultErrorOf(store.revokeByName('x')),
        await vaultErrorOf(store.revokeByHashPrefix('12345678')),
        await vaultErrorOf((async () => store.list())()),
      ];
      for (const error of errors) {
        expect(error.kind).toBe('bad-input');
        expect(error.message).toContain(path);
        expect(error.message).toMatch(/nothing was changed$/);
      }
      expect(readFileSync(path, 'utf8')).toBe(text);
      expect(readdirSync(dir)).toEqual(['keys.json']);
      expect(existsSync(store.lockPath)).toBe(false);
    },
  );
});
