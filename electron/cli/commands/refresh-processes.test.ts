/**
 * The refresh lock across real processes: the built CLI (bin/credvault, built
 * by the vitest global setup), against a real OAuth server that counts the
 * token requests it receives.
 */
import { spawn } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runCliInProcess, runCliProcess } from '../../../test-support/cli-harness';
import { markedSecret } from '../../../test-support/leak-marker';
import { startOidcTestServer, type OidcTestServer } from '../../../test-support/oidc-test-server';
import { makeTempDir } from '../../../test-support/temp-dir';

let server: OidcTestServer;

beforeAll(async () => {
  server = await startOidcTestServer();
});
afterAll(async () => {
  await server.close();
});

async function vaultWithBearer(tokenUrl: string) {
  const home = makeTempDir();
  const env = { CREDVAULT_HOME: home };
  const add = (name: string, url: string) =>
    runCliInProcess(
      [
        'providers',
        'add',
        name,
        '--token-url',
        url,
        '--client-id',
        server.clients.post.id,
        '--client-secret-stdin',
      ],
      {
        env,
        stdin: server.clients.post.secret,
      },
    );
  expect((await add('oidc', server.tokenUrl)).code).toBe(0);
  expect((await add('stall', server.stubUrl('stall'))).code).toBe(0);
  const record = {
    access_token: markedSecret('access'),
    refresh_token: await server.issueRefreshToken('post'),
    expires_at_unix: Math.floor(Date.now() / 1000) + 30,
  };
  expect(
    (await runCliInProcess(['bearers', 'put', 'agent'], { env, stdin: JSON.stringify(record) }))
      .code,
  ).toBe(0);
  expect(
    (
      await runCliInProcess(
        ['bearers', 'link', 'agent', '--provider', tokenUrl === server.tokenUrl ? 'oidc' : 'stall'],
        { env },
      )
    ).code,
  ).toBe(0);
  return { home, env };
}

describe('refresh across processes', () => {
  it('8 processes racing to refresh one bearer make exactly 1 token request', async () => {
    const { env } = await vaultWithBearer(server.tokenUrl);
    const before = server.tokenRequests;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        runCliProcess(['bearers', 'refresh', 'agent', '--json'], { env }),
      ),
    );
    for (const result of results)
      expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(server.tokenRequests - before).toBe(1);
    const outcomes = results.map(
      (r) => JSON.parse(r.stdout) as { requested: boolean; expires_at_unix: number },
    );
    expect(outcomes.filter((o) => o.requested)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.expires_at_unix)).size).toBe(1);
  });

  it('takes over the lock a killed process left behind once it is stale', async () => {
    const { home, env } = await vaultWithBearer(server.stubUrl('stall'));
    const lock = join(home, 'bearers', 'agent', '.credvault.lock');
    // A refresh that hangs on the stalled endpoint while holding the lock...
    const holder = spawn(process.execPath, [CLI_BIN, 'bearers', 'refresh', 'agent'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
        CREDVAULT_HTTP_TIMEOUT_MS: '60000',
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    const deadline = Date.now() + 10_000;
    while (!existsSync(lock) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(existsSync(lock)).toBe(true);
    // ...is killed: nothing releases the lock any more.
    holder.kill('SIGKILL');
    await exited;
    expect(existsSync(lock)).toBe(true);
    // Its last touch 11 s ago, as if the stale time (10 s) had passed.
    const touched = new Date(Date.now() - 11_000);
    utimesSync(lock, touched, touched);
    expect(
      (await runCliInProcess(['bearers', 'link', 'agent', '--provider', 'oidc'], { env })).code,
    ).toBe(0);
    const before = server.tokenRequests;
    const refreshed = await runCliProcess(['bearers', 'refresh', 'agent', '--json'], { env });
    expect(refreshed, refreshed.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(refreshed.stdout)).toMatchObject({ requested: true, rotated: true });
    expect(server.tokenRequests - before).toBe(1);
  });
});
