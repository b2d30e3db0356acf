import {
  chmodSync,
  copyFileSync,
  existsSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess, runCliProcess, type CliResult } from '../../../test-support/cli-harness';
import { markedSecret } from '../../../test-support/leak-marker';
import { SEED_KEYS_JSON, seedKeysPlain } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';
import { hashApiKey } from '../../core/keys/key-material';

/** A vault home holding a copy of the seed's key file as its default key file. */
function seedHome(): { env: Record<string, string>; keys: string } {
  const home = makeTempDir();
  const keys = join(home, 'keys.json');
  copyFileSync(SEED_KEYS_JSON, keys);
  chmodSync(keys, 0o600);
  return { env: { CREDVAULT_HOME: home }, keys };
}

function expectNoKeyIn(result: CliResult, keys: string[]): void {
  for (const key of keys) {
    expect(result.stderr).not.toContain(key);
    expect(result.stdout).not.toContain(key);
  }
}

describe('credvault keys mint', () => {
  it('prints the key alone on stdout, warns once on stderr, and stores only its hash', async () => {
    const home = makeTempDir();
    const result = await runCliInProcess(['keys', 'mint', 'deploy-bot'], {
      env: { CREDVAULT_HOME: join(home, 'vault') },
      reveals: true,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^oxios_[0-9a-f]{64}\n$/);
    const key = result.stdout.trim();
    const stderrLines = result.stderr.split('\n');
    expect(stderrLines).toHaveLength(3); // two lines and the last newline
    expect(stderrLines[0]).toBe(`credvault: created key file ${join(home, 'vault', 'keys.json')}`);
    expect(stderrLines[1]).toMatch(/minted key "deploy-bot" .*shown only this once/);
    expect(result.stderr).not.toContain(key);
    const file = readFileSync(join(home, 'vault', 'keys.json'), 'utf8');
    expect(file).toContain(hashApiKey(key));
    expect(file).not.toContain(key.slice(6));
    expect(statSync(join(home, 'vault')).mode & 0o777).toBe(0o700);
  });

  it('--json gives name, key, hash_hex and created_at, and the key validates', async () => {
    const keys = join(makeTempDir(), 'k.json');
    const result = await runCliInProcess(
      ['keys', 'mint', 'ci-bot', '--keys', keys, '--json', '--prefix', 'sk_test_'],
      { reveals: true },
    );
    expect(result.code).toBe(0);
    const minted = JSON.parse(result.stdout) as Record<string, string>;
    expect(Object.keys(minted)).toEqual(['name', 'key', 'hash_hex', 'created_at']);
    expect(minted.key).toMatch(/^sk_test_[0-9a-f]{64}$/);
    expect(minted.hash_hex).toBe(hashApiKey(minted.key!));
    expect(minted.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00$/);
    const validated = await runCliInProcess(['keys', 'validate', '--keys', keys], {
      stdin: `${minted.key}\n`,
    });
    expect([validated.code, validated.stdout]).toEqual([0, 'ci-bot\n']);
    expectNoKeyIn(validated, [minted.key!]);
  });

  it.each([
    [['keys', 'mint', ''], /a key name cannot be empty/],
    [['keys', 'mint', 'a\tb'], /holds a control character/],
    [['keys', 'mint', 'x'.repeat(129)], /longer than 128 characters/],
    [['keys', 'mint', 'ok', '--prefix', 'no spaces'], /key prefix "no spaces" must be/],
    [['keys', 'mint'], /missing required argument 'name'/],
  ])('refuses %j with exit 2 and creates no file', async (argv, message) => {
    const home = makeTempDir();
    const result = await runCliInProcess(argv, { env: { CREDVAULT_HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(existsSync(join(home, 'keys.json'))).toBe(false);
  });
});

describe('credvault keys list', () => {
  it('--json lists name, hash_hex, created_at, last_used in file order, never a key', async () => {
    const { env } = seedHome();
    const result = await runCliInProcess(['keys', 'list', '--json'], { env });
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(listed.map((entry) => Object.keys(entry))).toEqual(
      Array(3).fill(['name', 'hash_hex', 'created_at', 'last_used']),
    );
    expect(listed.map((entry) => entry.name)).toEqual(['ci-bot', 'ci-bot', 'deploy-bot']);
    expect(listed[2]).toEqual({
      name: 'deploy-bot',
      hash_hex: hashApiKey(seedKeysPlain()[0]!),
      created_at: '2026-11-23T18:51:45.052094177+00:00',
      last_used: null,
    });
    expectNoKeyIn(result, seedKeysPlain());
  });

  it('shows a table with short hashes and "never", and a minted key appears nowhere', async () => {
    const { env } = seedHome();
    const minted = await runCliInProcess(['keys', 'mint', 'fresh', '--json'], {
      env,
      reveals: true,
    });
    const { key, hash_hex: hash } = JSON.parse(minted.stdout) as { key: string; hash_hex: string };
    const result = await runCliInProcess(['keys', 'list'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+HASH\s+CREATED \(UTC\)\s+LAST USED \(UTC\)\s+ERROR$/);
    expect(lines[3]).toMatch(/^deploy-bot\s+6802ff7e57baeb6c\s+2026-11-23T18:51:45Z\s+never$/);
    expect(lines[4]).toContain(`fresh       ${hash.slice(0, 16)}`);
    expectNoKeyIn(result, [key, ...seedKeysPlain()]);
    expectNoKeyIn(minted, [...seedKeysPlain()]);
    expect(minted.stderr).not.toContain(key);
  });

  it('reports malformed entries with their error, and an empty or missing file as no keys', async () => {
    const { env, keys } = seedHome();
    writeFileSync(keys, readFileSync(keys, 'utf8').replace('"name": "deploy-bot"', '"name": 7'));
    const json = await runCliInProcess(['keys', 'list', '--json'], { env });
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Array<Record<string, unknown>>)[2]).toEqual({
      name: '',
      hash_hex: hashApiKey(seedKeysPlain()[0]!),
      created_at: '2026-11-23T18:51:45.052094177+00:00',
      last_used: null,
      error: 'entry 3: name is not a string',
    });
    const table = await runCliInProcess(['keys', 'list'], { env });
    expect(table.stdout).toMatch(/\n-\s+6802ff7e57baeb6c\s+.*entry 3: name is not a string\n$/);
    const empty = await runCliInProcess(['keys', 'list', '--json'], {
      env: { CREDVAULT_HOME: makeTempDir() },
    });
    expect([empty.code, empty.stdout]).toEqual([0, '[]\n']);
  });

  it('fails with exit 2 naming a file that is not a key file, and leaves it alone', async () => {
    const { env, keys } = seedHome();
    writeFileSync(keys, '{"keys": [');
    for (const argv of [
      ['keys', 'list'],
      ['keys', 'mint', 'x'],
      ['keys', 'revoke', 'ci-bot'],
    ]) {
      const result = await runCliInProcess(argv, { env });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `credvault: ${keys} is not valid JSON (unexpected end (line 1)); nothing was changed\n`,
      );
    }
    expect(readFileSync(keys, 'utf8')).toBe('{"keys": [');
  });
});

describe('a key file named with --keys', () => {
  it('that does not exist is an error naming it (exit 2) for list, validate and revoke', async () => {
    const dir = makeTempDir();
    const typo = join(dir, 'typo.json');
    for (const [argv, stdin] of [
      [['keys', 'list', '--keys', typo], ''],
      [['keys', 'list', '--json', '--keys', typo], ''],
      [['keys', 'validate', '--keys', typo], seedKeysPlain()[0]],
      [['keys', 'revoke', 'deploy-bot', '--keys', typo], ''],
      [['keys', 'revoke', '--hash', '6802ff7e', '--keys', typo], ''],
    ] as const) {
      const result = await runCliInProcess([...argv], { stdin });
      expect([result.code, result.stdout, result.stderr]).toEqual([
        2,
        '',
        `credvault: key file ${typo} does not exist\n`,
      ]);
    }
    expect(existsSync(typo)).toBe(false);
  });

  it('that does not exist is created by mint, which says so; the next mint says nothing of it', async () => {
    const keys = join(makeTempDir(), 'team-keys.json');
    const first = await runCliInProcess(['keys', 'mint', 'a', '--keys', keys, '--json'], {
      reveals: true,
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe(`credvault: created key file ${keys}\n`);
    const second = await runCliInProcess(['keys', 'mint', 'b', '--keys', keys], {
      reveals: true,
    });
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('created key file');
    const listed = await runCliInProcess(['keys', 'list', '--json', '--keys', keys]);
    expect((JSON.parse(listed.stdout) as Array<{ name: string }>).map((k) => k.name)).toEqual([
      'a',
      'b',
    ]);
  });
});

describe('credvault keys validate', () => {
  it("exits 0 and prints the name for each of the seed's keys, trimming white space", async () => {
    const { env } = seedHome();
    const [deploy, ci1, ci2] = seedKeysPlain() as [string, string, string];
    for (const [key, name] of [
      [`${deploy}\n`, 'deploy-bot'],
      [`  ${ci1}\r\n`, 'ci-bot'],
      [ci2, 'ci-bot'],
    ]) {
      const result = await runCliInProcess(['keys', 'validate'], { env, stdin: key });
      expect([result.code, result.stdout, result.stderr]).toEqual([0, `${name}\n`, '']);
    }
  });

  it('exits 1 with "invalid key" on stderr for a wrong key, never echoing it', async () => {
    const { env } = seedHome();
    const wrong = markedSecret('key');
    const result = await runCliInProcess(['keys', 'validate'], { env, stdin: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^credvault: invalid key/);
    const missing = await runCliInProcess(['keys', 'validate'], {
      env: { CREDVAULT_HOME: makeTempDir() },
      stdin: seedKeysPlain()[0],
    });
    expect(missing.code).toBe(1);
    expectNoKeyIn(missing, seedKeysPlain());
  });

  it('exits 2 when standard input holds no key', async () => {
    const result = await runCliInProcess(['keys', 'validate'], {
      env: seedHome().env,
      stdin: ' \n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no key on standard input/);
  });

  it('records the use in last_used', async () => {
    const { env, keys } = seedHome();
    await runCliInProcess(['keys', 'validate'], { env, stdin: seedKeysPlain()[0] });
    const listed = JSON.parse(
      (await runCliInProcess(['keys', 'list', '--json'], { env })).stdout,
    ) as Array<{ name: string; last_used: string | null }>;
    expect(listed.map((entry) => entry.last_used === null)).toEqual([true, true, false]);
    expect(Date.now() - Date.parse(listed[2]!.last_used!)).toBeLessThan(60_000);
    expect(readFileSync(keys, 'utf8')).toMatch(
      /"last_used": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}\+00:00"/,
    );
  });

  it('as a real process reading a pipe: exit 0 for a key, 1 for a revoked one', async () => {
    const { env } = seedHome();
    const ci = seedKeysPlain()[1]!;
    const valid = await runCliProcess(['keys', 'validate'], { env, stdin: `${ci}\n` });
    expect([valid.code, valid.stdout]).toEqual([0, 'ci-bot\n']);
    const revoked = await runCliProcess(['keys', 'revoke', 'ci-bot'], { env });
    expect(revoked.code).toBe(0);
    const after = await runCliProcess(['keys', 'validate'], { env, stdin: `${ci}\n` });
    expect([after.code, after.stdout]).toEqual([1, '']);
    expect(after.stderr).toMatch(/invalid key/);
    expectNoKeyIn(after, [ci]);
  });
});

describe('credvault keys revoke', () => {
  it('NAME removes every key of that name; deploy-bot keeps working', async () => {
    const { env } = seedHome();
    const result = await runCliInProcess(['keys', 'revoke', 'ci-bot'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^revoked 2 keys named "ci-bot" from /);
    for (const key of seedKeysPlain().slice(1)) {
      expect((await runCliInProcess(['keys', 'validate'], { env, stdin: key })).code).toBe(1);
    }
    expect(
      (await runCliInProcess(['keys', 'validate'], { env, stdin: seedKeysPlain()[0] })).code,
    ).toBe(0);
  });

  it('--hash PREFIX removes the one matching key', async () => {
    const { env } = seedHome();
    const result = await runCliInProcess(['keys', 'revoke', '--hash', '6802FF7E'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^revoked key "deploy-bot" \(hash 6802ff7e57baeb6c\)/);
    expect(
      (await runCliInProcess(['keys', 'validate'], { env, stdin: seedKeysPlain()[0] })).code,
    ).toBe(1);
  });

  it.each([
    [['keys', 'revoke', 'nobody'], 1, /no key named "nobody"/],
    [['keys', 'revoke', '--hash', '00000000'], 1, /no key whose hash starts with 00000000/],
    [['keys', 'revoke', '--hash', '6802ff7'], 2, /8 to 64 hex digits/],
    [['keys', 'revoke', '--hash', 'not-hex!'], 2, /8 to 64 hex digits/],
    [['keys', 'revoke'], 2, /give either a NAME or --hash PREFIX/],
    [['keys', 'revoke', 'ci-bot', '--hash', '6802ff7e'], 2, /give either a NAME or --hash PREFIX/],
  ])('%j exits %i and changes nothing', async (argv, code, message) => {
    const { env, keys } = seedHome();
    const result = await runCliInProcess(argv, { env });
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(keys, 'utf8')).toBe(readFileSync(SEED_KEYS_JSON, 'utf8'));
  });

  it('never echoes a key given to --hash by mistake', async () => {
    const { env } = seedHome();
    const result = await runCliInProcess(['keys', 'revoke', '--hash', seedKeysPlain()[0]!], {
      env,
    });
    expect(result.code).toBe(2);
    expectNoKeyIn(result, seedKeysPlain());
    expect(result.stderr).not.toContain(seedKeysPlain()[0]!.slice(6, 22));
  });
});

describe('credvault keys --help', () => {
  it.each([
    [['keys', '--help'], /API keys in a key file/],
    [
      ['keys', 'mint', '--help'],
      /shown only this once[\s\S]*--prefix[\s\S]*credvault keys mint deploy-bot/,
    ],
    [['keys', 'list', '--help'], /never a key[\s\S]*--json/],
    [
      ['keys', 'validate', '--help'],
      /standard input[\s\S]*echo "\$KEY" \| credvault keys validate/,
    ],
    [['keys', 'revoke', '--help'], /--hash <prefix>[\s\S]*credvault keys revoke ci-bot/],
  ])('%j describes the command and exits 0', async (argv, text) => {
    const result = await runCliInProcess(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(text);
    expect(result.stdout).toMatch(/^Usage: credvault keys/);
  });
});
