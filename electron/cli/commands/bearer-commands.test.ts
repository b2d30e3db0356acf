import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess, runCliProcess } from '../../../test-support/cli-harness';
import { LEAK_MARKER, markedSecret } from '../../../test-support/leak-marker';
import { SEED_BEARER_IDS, copySeedRoot } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';

function vault() {
  const home = makeTempDir();
  return { home, env: { CREDVAULT_HOME: home } };
}

describe('credvault bearers', () => {
  it('list --json prints the documented fields, with the root, sorted by id', async () => {
    const root = copySeedRoot(join(makeTempDir(), 'root'));
    const { code, stdout } = await runCliInProcess(
      ['bearers', 'list', '--root', root, '--json'],
      vault(),
    );
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.id)).toEqual(SEED_BEARER_IDS);
    for (const row of rows) {
      expect(row.root).toBe(root);
      expect(Object.keys(row)).toEqual([
        'root',
        'id',
        'status',
        'expires_at_unix',
        'expires_in_s',
        'window_s',
        'error',
        'warning',
        'provider',
        'keep_fresh',
        'storage',
      ]);
    }
    expect(rows.find((r) => r.id === 'agent-far')).toMatchObject({
      status: 'ok',
      storage: 'plain',
      expires_at_unix: 4102444800,
      window_s: 300,
      error: null,
      warning: null,
      provider: null,
      keep_fresh: false,
    });
    expect(rows.find((r) => r.id === 'agent-empty')).toMatchObject({
      status: 'invalid',
      error: 'access_token.json: empty access token',
    });
    // The tokens themselves are never listed.
    expect(stdout).not.toContain('eyJhbGciOiJub25lIn0');
  });

  it('list on a fresh vault says there are no bearers; on a missing --root it says so and exits 1', async () => {
    const fresh = await runCliInProcess(['bearers', 'list'], vault());
    expect(fresh).toMatchObject({ code: 0 });
    expect(fresh.stdout).toMatch(/no bearers in/);
    const missing = await runCliInProcess(
      ['bearers', 'list', '--root', '/nonexistent/credvault-root'],
      vault(),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('credvault: no bearer root at /nonexistent/credvault-root\n');
  });

  it('put reads the record from stdin; show hides tokens unless --reveal', async () => {
    const v = vault();
    const access = markedSecret('access');
    const refresh = markedSecret('refresh');
    const record = JSON.stringify({
      access_token: access,
      refresh_token: refresh,
      expires_at_unix: 4102444800,
    });
    const put = await runCliInProcess(['bearers', 'put', 'agent-A'], { ...v, stdin: record });
    expect(put).toMatchObject({ code: 0, stdout: '' });
    expect(put.stderr).toMatch(/stored bearer agent-A \(ok\)/);

    const shown = await runCliInProcess(['bearers', 'show', 'agent-A', '--json'], v);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: 'agent-A',
      status: 'ok',
      expires_at_unix: 4102444800,
    });
    const human = await runCliInProcess(['bearers', 'show', 'agent-A'], v);
    expect(human.stdout).toMatch(/status: +ok/);

    const revealed = await runCliInProcess(['bearers', 'show', 'agent-A', '--json', '--reveal'], {
      ...v,
      reveals: true,
    });
    expect(JSON.parse(revealed.stdout)).toMatchObject({
      access_token: access,
      refresh_token: refresh,
    });
    // Stored where the default root says.
    expect(readFileSync(join(v.home, 'bearers', 'agent-A', 'access_token.json'), 'utf8')).toBe(
      JSON.stringify(access),
    );
  });

  it('bad input exits 2 with one line naming it, and never echoes the secret', async () => {
    const v = vault();
    const secret = markedSecret();
    const cases: Array<[string[], string, RegExp]> = [
      [['bearers', 'put', '../escape'], '{}', /invalid bearer id "..\/escape"/],
      [['bearers', 'put', 'a'], `{"access_token": "${secret}`, /standard input is not valid JSON/],
      [['bearers', 'put', 'a'], `["${secret}"]`, /standard input must be a JSON object/],
      [
        ['bearers', 'put', 'a'],
        JSON.stringify({ access_token: secret, refresh_token: secret }),
        /expires_at_unix is missing/,
      ],
      [
        ['bearers', 'put', 'a'],
        JSON.stringify({ access_token: '', refresh_token: secret, expires_at_unix: 1 }),
        /access_token must not be empty/,
      ],
      [['bearers', 'show', 'x/y'], '', /invalid bearer id "x\/y"/],
      [['bearers', 'list', '--window', 'soon'], '', /expected a whole number of seconds/],
      [['bearers', 'frobnicate'], '', /unknown command/],
    ];
    for (const [argv, stdin, message] of cases) {
      const result = await runCliInProcess(argv, { ...v, stdin });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain(LEAK_MARKER);
    }
  });

  it('exit 1 for a missing bearer, 3 when the environment fails', async () => {
    const v = vault();
    expect(await runCliInProcess(['bearers', 'show', 'nobody'], v)).toMatchObject({ code: 1 });
    expect(await runCliInProcess(['bearers', 'rm', 'nobody'], v)).toMatchObject({ code: 1 });
    const blocker = join(makeTempDir(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const record = JSON.stringify({ access_token: 'a', refresh_token: '', expires_at_unix: 1 });
    const failed = await runCliInProcess(['bearers', 'put', 'x', '--root', join(blocker, 'root')], {
      ...v,
      stdin: record,
    });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(
      /^credvault: cannot create the bearer root .*a-file\/root: a path component is not a folder\n$/,
    );
  });

  it('put refuses to overwrite an invalid bearer without --force', async () => {
    const root = copySeedRoot(join(makeTempDir(), 'root'));
    const record = JSON.stringify({
      access_token: 'fixed',
      refresh_token: 'r',
      expires_at_unix: 4102444800,
    });
    const refused = await runCliInProcess(['bearers', 'put', 'agent-empty', '--root', root], {
      ...vault(),
      stdin: record,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/invalid .*use --force/);
    const forced = await runCliInProcess(
      ['bearers', 'put', 'agent-empty', '--root', root, '--force'],
      { ...vault(), stdin: record },
    );
    expect(forced.code).toBe(0);
  });

  it('rm deletes the bearer', async () => {
    const v = vault();
    const record = JSON.stringify({ access_token: 'a', refresh_token: '', expires_at_unix: 1 });
    await runCliInProcess(['bearers', 'put', 'gone'], { ...v, stdin: record });
    expect(await runCliInProcess(['bearers', 'rm', 'gone'], v)).toMatchObject({ code: 0 });
    expect(await runCliInProcess(['bearers', 'show', 'gone'], v)).toMatchObject({ code: 1 });
  });

  it('--help works on every bearers command', async () => {
    for (const command of ['list', 'show', 'put', 'rm']) {
      const result = await runCliInProcess(['bearers', command, '--help'], vault());
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`Usage: credvault bearers ${command}`));
    }
  });

  it('works as a real process through bin/credvault, secrets via stdin only', async () => {
    const home = makeTempDir();
    const access = markedSecret('access');
    const record = JSON.stringify({
      access_token: access,
      refresh_token: 'r',
      expires_at_unix: 4102444800,
    });
    const put = await runCliProcess(['bearers', 'put', 'agent-P'], {
      env: { CREDVAULT_HOME: home },
      stdin: record,
    });
    expect(put.code).toBe(0);
    const list = await runCliProcess(['bearers', 'list'], { env: { CREDVAULT_HOME: home } });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/agent-P +ok/);
    const bad = await runCliProcess(['bearers', 'show', '..'], { env: { CREDVAULT_HOME: home } });
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'credvault: invalid bearer id "..": it starts with "."\n',
    });
  });

  it('names a folder that is not a bearer in the table', async () => {
    const root = join(makeTempDir(), 'root');
    mkdirSync(join(root, 'bad name'), { recursive: true, mode: 0o700 });
    const { stdout } = await runCliInProcess(['bearers', 'list', '--root', root], vault());
    expect(stdout).toMatch(/"bad name" +invalid .*folder name is not a valid bearer id/);
  });
});
