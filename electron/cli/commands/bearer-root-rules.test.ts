/** What `bearers rm` may remove, and a root that is a symlink, as a user sees them. */
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test-support/cli-harness';
import { makeTempDir } from '../../../test-support/temp-dir';

const RECORD = JSON.stringify({
  access_token: 'a',
  refresh_token: '',
  expires_at_unix: 4102444800,
});

function vault() {
  return { env: { CREDVAULT_HOME: makeTempDir() } };
}

describe('bearers rm', () => {
  it('refuses a plain file in the root (exit 2) and leaves it', async () => {
    const root = makeTempDir();
    writeFileSync(join(root, 'important.txt'), 'keep me');
    const result = await runCliInProcess(
      ['bearers', 'rm', 'important.txt', '--root', root],
      vault(),
    );
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `credvault: "important.txt" in ${root} is a file, not a bearer folder; nothing was removed (rm removes only bearer folders)\n`,
    });
    expect(readFileSync(join(root, 'important.txt'), 'utf8')).toBe('keep me');
  });

  it("refuses a bearer whose folder holds another program's dot file, naming it", async () => {
    const v = vault();
    const root = makeTempDir();
    await runCliInProcess(['bearers', 'put', 'agent-A', '--root', root], { ...v, stdin: RECORD });
    writeFileSync(join(root, 'agent-A', '.sync-state'), '');
    const result = await runCliInProcess(['bearers', 'rm', 'agent-A', '--root', root], v);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^credvault: bearer "agent-A" in .* also holds "\.sync-state"; nothing was removed/,
    );
    expect(readdirSync(join(root, 'agent-A'))).toHaveLength(4);
  });
});

describe('a root that is a symlink', () => {
  it('is followed by put, list, show and rm alike', async () => {
    const v = vault();
    const base = makeTempDir();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'root'));
    const root = join(base, 'root');
    const put = await runCliInProcess(['bearers', 'put', 'agent-A', '--root', root], {
      ...v,
      stdin: RECORD,
    });
    expect(put.code).toBe(0);
    const listed = await runCliInProcess(['bearers', 'list', '--root', root, '--json'], v);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 'agent-A', status: 'ok' }]);
    expect(await runCliInProcess(['bearers', 'show', 'agent-A', '--root', root], v)).toMatchObject({
      code: 0,
    });
    expect(await runCliInProcess(['bearers', 'rm', 'agent-A', '--root', root], v)).toMatchObject({
      code: 0,
    });
    expect(readdirSync(join(base, 'real'))).toEqual([]);
    expect(lstatSync(root).isSymbolicLink()).toBe(true);
  });
});
