import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test-support/temp-dir';
import { SEED_KEYS_JSON } from '../../../test-support/seed-fixtures';
import { VaultError } from '../errors';
import { checkEntry, readKeyFile, serializeKeyFile } from './key-file';

function errorOf(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('expected a VaultError');
}

const HASH = 'ab'.repeat(32);

describe('the key file format', () => {
  it("reads the seed's file and writes it back byte for byte", () => {
    const dir = makeTempDir();
    const path = join(dir, 'keys.json');
    copyFileSync(SEED_KEYS_JSON, path);
    const file = readKeyFile(path);
    expect(file).not.toBeNull();
    expect(serializeKeyFile(file!)).toBe(readFileSync(SEED_KEYS_JSON, 'utf8'));
    expect(file!.entries.map((raw, i) => checkEntry(raw, i).ok)).toEqual([true, true, true]);
  });

  it('treats a missing file as no file', () => {
    expect(readKeyFile(join(makeTempDir(), 'keys.json'))).toBeNull();
  });

  it.each([
    ['not JSON', '{"keys": [', /is not valid JSON \(unexpected end \(line 1\)\)/],
    ['an array', '[]', /is not an API key file/],
    ['keys not an array', '{"keys": {}}', /is not an API key file/],
    ['no keys field', '{"tokens": []}', /is not an API key file/],
    ['a string', '"keys"', /is not an API key file/],
    ['empty', '', /is not valid JSON/],
  ])('refuses a file that is %s, naming the file', (_label, text, message) => {
    const path = join(makeTempDir(), 'keys.json');
    writeFileSync(path, text);
    const error = errorOf(() => readKeyFile(path));
    expect(error.kind).toBe('bad-input');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(path);
  });

  it('refuses invalid UTF-8 instead of silently replacing bytes it would then rewrite', () => {
    const path = join(makeTempDir(), 'keys.json');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('{"keys": [], "note": "'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('"}'),
      ]),
    );
    const error = errorOf(() => readKeyFile(path));
    expect(error.message).toBe(`${path} is not valid UTF-8; nothing was changed`);
  });

  it('never quotes file contents in an error', () => {
    const path = join(makeTempDir(), 'keys.json');
    const secretish = 'oxios_' + 'f00d'.repeat(16);
    writeFileSync(path, `{"keys": [${JSON.stringify(secretish)} oops]}`);
    const error = errorOf(() => readKeyFile(path));
    expect(error.message).not.toContain('f00d');
    expect(error.message).toContain('line 1');
  });

  it('refuses to follow a symlink and to read a folder', () => {
    const dir = makeTempDir();
    copyFileSync(SEED_KEYS_JSON, join(dir, 'real.json'));
    symlinkSync(join(dir, 'real.json'), join(dir, 'keys.json'));
    expect(errorOf(() => readKeyFile(join(dir, 'keys.json'))).message).toMatch(
      /is a symlink; refusing to follow it/,
    );
    expect(errorOf(() => readKeyFile(dir)).message).toMatch(/is not a regular file/);
  });

  it('reports a path it cannot open as an environment failure, naming it', () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'plain-file'), '');
    const path = join(dir, 'plain-file', 'keys.json');
    const error = errorOf(() => readKeyFile(path));
    expect(error.kind).toBe('environment');
    expect(error.message).toBe(`cannot read ${path}: a path component is not a folder`);
  });
});

describe('entries', () => {
  const good = {
    hash_hex: HASH,
    name: 'x',
    created_at: '2026-11-23T18:51:45.054030216+00:00',
    last_used: null,
  };

  it('accepts the four fields the seed needs, a missing last_used as never used, and extra fields', () => {
    const path = join(makeTempDir(), 'keys.json');
    const noLastUsed: Record<string, unknown> = { ...good };
    delete noLastUsed.last_used;
    writeFileSync(
      path,
      JSON.stringify({
        keys: [good, noLastUsed, { ...good, scopes: ['read'], last_used: '2026-11-24T00:00:00Z' }],
      }),
    );
    const checks = readKeyFile(path)!.entries.map((raw, i) => checkEntry(raw, i));
    expect(checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(checks.map((c) => (c.ok ? c.entry.lastUsed : 'bad'))).toEqual([
      null,
      null,
      '2026-11-24T00:00:00Z',
    ]);
  });

  it.each([
    ['not an object', 42, 'entry 1 is not an object'],
    [
      'an upper-case hash',
      { ...good, hash_hex: HASH.toUpperCase() },
      'entry 1: hash_hex is not 64 lowercase hex digits',
    ],
    [
      'a short hash',
      { ...good, hash_hex: 'abcd' },
      'entry 1: hash_hex is not 64 lowercase hex digits',
    ],
    ['no name', { ...good, name: undefined }, 'entry 1: name is not a string'],
    [
      'a number as created_at',
      { ...good, created_at: 1764000000 },
      'entry 1: created_at is not an RFC 3339 time',
    ],
    [
      'a bad last_used',
      { ...good, last_used: 'yesterday' },
      'entry 1: last_used is neither null nor an RFC 3339 time',
    ],
  ])('reports an entry with %s, showing only what is safe', (_label, entry, error) => {
    const path = join(makeTempDir(), 'keys.json');
    writeFileSync(path, JSON.stringify({ keys: [entry] }));
    const check = checkEntry(readKeyFile(path)!.entries[0]!, 0);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.info.error).toBe(error);
  });

  it('never shows a malformed hash_hex, which might be a pasted key', () => {
    const path = join(makeTempDir(), 'keys.json');
    const pasted = 'oxios_' + '1234abcd'.repeat(8);
    writeFileSync(path, JSON.stringify({ keys: [{ ...good, hash_hex: pasted }] }));
    const check = checkEntry(readKeyFile(path)!.entries[0]!, 0);
    expect(check.ok ? null : check.info).toEqual({
      name: 'x',
      hashHex: '',
      createdAt: good.created_at,
      lastUsed: null,
      error: 'entry 1: hash_hex is not 64 lowercase hex digits',
    });
  });
});
