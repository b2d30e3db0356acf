import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../../test-support/cli-harness';
import { markedSecret } from '../../../test-support/leak-marker';
import { SEED_AUTH_TOKEN } from '../../../test-support/seed-fixtures';
import { makeTempDir } from '../../../test-support/temp-dir';

describe('credvault auth-token', () => {
  it('get prints the seed-written token', async () => {
    const result = await runCliInProcess(['auth-token', 'get', '--file', SEED_AUTH_TOKEN], {
      reveals: true,
    });
    expect(result).toMatchObject({ code: 0, stdout: 'ws-token-123\n' });
  });

  it('set stores the stdin token at 0600 and says when it was already there', async () => {
    const file = join(makeTempDir(), '.auth_token');
    const secret = markedSecret('ws');
    const first = await runCliInProcess(['auth-token', 'set', '--file', file], {
      stdin: `${secret}\n`,
    });
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(file, 'utf8')).toBe(secret);
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    const again = await runCliInProcess(['auth-token', 'set', '--file', file], { stdin: secret });
    expect(again.stderr).toMatch(/already holds this token/);
    const read = await runCliInProcess(['auth-token', 'get', '--file', file], { reveals: true });
    expect(read.stdout).toBe(`${secret}\n`);
  });

  it('exit 1 when there is no token, 2 for an empty one or a missing --file', async () => {
    const file = join(makeTempDir(), '.auth_token');
    expect(await runCliInProcess(['auth-token', 'get', '--file', file])).toMatchObject({
      code: 1,
      stderr: `credvault: no token in ${file}\n`,
    });
    expect(
      await runCliInProcess(['auth-token', 'set', '--file', file], { stdin: '  \n' }),
    ).toMatchObject({ code: 2 });
    const usage = await runCliInProcess(['auth-token', 'get']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/required option '--file <path>'/);
  });
});
