/**
 * Several bearer roots on the command line: `bearers list` lists every
 * configured root, the other commands act on the default root unless
 * `--root DIR` names another, and a root named with `--root` serves that one
 * command without being added to the settings.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test-support/cli-harness';
import { makeTempDir } from '../../../test-support/temp-dir';

const FAR = 4102444800;

function record(access: string, expiresAtUnix = FAR): string {
  return JSON.stringify({
    access_token: access,
    refresh_token: '',
    expires_at_unix: expiresAtUnix,
  });
}

/** A vault home whose settings name `extraRoots` besides the default root, as a user writes them. */
function vaultWithRoots(...extraRoots: string[]) {
  const home = makeTempDir();
  const settings = join(home, 'settings.json');
  writeFileSync(
    settings,
    JSON.stringify({ version: 1, roots: extraRoots.map((path) => ({ path })) }, null, 2),
    { mode: 0o600 },
  );
  chmodSync(settings, 0o600);
  return { home, settings, defaultRoot: join(home, 'bearers'), env: { CREDVAULT_HOME: home } };
}

interface ListRow {
  root: string;
  id: string;
  status: string;
  expires_at_unix: number | null;
}

async function put(env: Record<string, string>, id: string, stdin: string, root?: string) {
  const argv = ['bearers', 'put', id, ...(root === undefined ? [] : ['--root', root])];
  const result = await runCliInProcess(argv, { env, stdin });
  expect(result, result.stderr).toMatchObject({ code: 0 });
}

describe('bearers list over several configured roots', () => {
  it('lists every root, keeps the same id in two roots apart, and tells them apart by root', async () => {
    const agents = join(makeTempDir(), 'agents');
    const v = vaultWithRoots(agents);
    await put(v.env, 'shared-id', record('a-default', FAR));
    await put(v.env, 'shared-id', record('a-agents', FAR - 100), agents);
    await put(v.env, 'only-agents', record('a-only'), agents);

    const json = await runCliInProcess(['bearers', 'list', '--json'], { env: v.env });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    const rows = JSON.parse(json.stdout) as ListRow[];
    expect(rows.map((row) => [row.root, row.id, row.expires_at_unix])).toEqual(
      [
        [v.defaultRoot, 'shared-id', FAR],
        [agents, 'only-agents', FAR],
        [agents, 'shared-id', FAR - 100],
      ].sort((a, b) => (`${a[0]}\0${a[1]}` < `${b[0]}\0${b[1]}` ? -1 : 1)),
    );
    for (const row of rows)
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

    const table = await runCliInProcess(['bearers', 'list'], { env: v.env });
    const [header, ...lines] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ROOT +ID +STATUS +EXPIRES \(UTC\) +IN +NOTE$/);
    expect(lines).toHaveLength(3);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${v.defaultRoot} +shared-id +ok`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${agents} +shared-id +ok`)));
  });

  it('has no ROOT column when the bearers listed are all in one root', async () => {
    const v = vaultWithRoots();
    await put(v.env, 'agent-A', record('a'));
    const table = await runCliInProcess(['bearers', 'list'], { env: v.env });
    expect(table.stdout).toMatch(/^ID +STATUS +EXPIRES \(UTC\) +IN +NOTE\nagent-A +ok /);
    const other = join(makeTempDir(), 'other');
    await put(v.env, 'agent-B', record('b'), other);
    const named = await runCliInProcess(['bearers', 'list', '--root', other], { env: v.env });
    expect(named.stdout).toMatch(/^ID +STATUS +EXPIRES \(UTC\) +IN +NOTE\nagent-B +ok /);
  });

  it('lists the roots it can read when one cannot be, naming it on stderr (exit 1)', async () => {
    const gone = join(makeTempDir(), 'gone');
    const v = vaultWithRoots(gone);
    await put(v.env, 'agent-A', record('a'));
    const json = await runCliInProcess(['bearers', 'list', '--json'], { env: v.env });
    expect(json.code).toBe(1);
    expect(json.stderr).toBe(`credvault: no bearer root at ${gone}\n`);
    expect((JSON.parse(json.stdout) as ListRow[]).map((row) => row.id)).toEqual(['agent-A']);
  });
});

describe('--root and the default root', () => {
  it('--root naming a root that is not configured serves that command and is not added', async () => {
    const v = vaultWithRoots();
    const before = readFileSync(v.settings, 'utf8');
    const elsewhere = join(makeTempDir(), 'elsewhere');
    await put(v.env, 'agent-X', record('x'), elsewhere);
    const listed = await runCliInProcess(['bearers', 'list', '--root', elsewhere, '--json'], {
      env: v.env,
    });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ root: elsewhere, id: 'agent-X' }]);
    expect(
      await runCliInProcess(['bearers', 'show', 'agent-X', '--root', elsewhere], { env: v.env }),
    ).toMatchObject({ code: 0 });
    expect(readFileSync(v.settings, 'utf8')).toBe(before);
    // Not listed with the configured roots either.
    const all = await runCliInProcess(['bearers', 'list', '--json'], { env: v.env });
    expect(JSON.parse(all.stdout)).toEqual([]);
  });

  it('a relative --root is the folder it names from the working directory', async () => {
    const v = vaultWithRoots();
    const base = makeTempDir();
    const cwd = process.cwd();
    process.chdir(base);
    try {
      await put(v.env, 'agent-R', record('r'), 'relative-root');
      const listed = await runCliInProcess(
        ['bearers', 'list', '--root', 'relative-root', '--json'],
        {
          env: v.env,
        },
      );
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { root: join(base, 'relative-root'), id: 'agent-R' },
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('commands without --root act on the default root, even when another root holds the same id', async () => {
    const agents = join(makeTempDir(), 'agents');
    const v = vaultWithRoots(agents);
    await put(v.env, 'twin', record('in-agents', FAR - 100), agents);
    await put(v.env, 'twin', record('in-default', FAR));
    expect(existsSync(join(v.defaultRoot, 'twin', 'access_token.json'))).toBe(true);

    const shown = await runCliInProcess(['bearers', 'show', 'twin', '--json'], { env: v.env });
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: 'twin', expires_at_unix: FAR });
    expect(await runCliInProcess(['bearers', 'rm', 'twin'], { env: v.env })).toMatchObject({
      code: 0,
    });
    expect(existsSync(join(v.defaultRoot, 'twin'))).toBe(false);
    const left = await runCliInProcess(['bearers', 'list', '--json'], { env: v.env });
    expect(JSON.parse(left.stdout)).toMatchObject([{ root: agents, id: 'twin' }]);
  });

  it('a fresh vault lists no bearers and creates no root and no settings file', async () => {
    const home = makeTempDir();
    mkdirSync(home, { recursive: true });
    const listed = await runCliInProcess(['bearers', 'list'], { env: { CREDVAULT_HOME: home } });
    expect(listed).toMatchObject({ code: 0, stdout: 'no bearers in any configured root\n' });
    expect(existsSync(join(home, 'bearers'))).toBe(false);
    expect(existsSync(join(home, 'settings.json'))).toBe(false);
  });
});
