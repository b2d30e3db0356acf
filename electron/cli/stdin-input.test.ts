/**
 * Every command that reads standard input refuses invalid UTF-8 instead of
 * storing or using U+FFFD in place of the bytes given, and says so without
 * quoting them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliInProcess, runCliProcess } from '../../test-support/cli-harness';
import { LEAK_MARKER, markedSecret } from '../../test-support/leak-marker';
import { makeTempDir } from '../../test-support/temp-dir';

/** A marked secret with one byte that is not UTF-8 in its middle. */
function brokenBytes(before: string, after = ''): Buffer {
  return Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]);
}

const REFUSED = 'credvault: standard input is not valid UTF-8\n';

describe('standard input that is not UTF-8', () => {
  it('bearers put refuses it and creates nothing (a real process, real stdin)', async () => {
    const home = makeTempDir();
    const stdin = brokenBytes(
      `{"access_token":"${markedSecret()}`,
      `","refresh_token":"","expires_at_unix":4102444800}`,
    );
    const result = await runCliProcess(['bearers', 'put', 'agent-A'], {
      env: { CREDVAULT_HOME: home },
      stdin,
    });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: REFUSED });
    expect(existsSync(join(home, 'bearers', 'agent-A'))).toBe(false);
  });

  it('auth-token set refuses it and leaves no file', async () => {
    const file = join(makeTempDir(), '.auth_token');
    const result = await runCliInProcess(['auth-token', 'set', '--file', file], {
      stdin: brokenBytes(markedSecret()),
    });
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: REFUSED });
    expect(existsSync(file)).toBe(false);
  });

  it('providers add --client-secret-stdin refuses it and stores no provider', async () => {
    const home = makeTempDir();
    const env = { CREDVAULT_HOME: home };
    const result = await runCliInProcess(
      [
        'providers',
        'add',
        'acme',
        '--token-url',
        'https://auth.acme.example/token',
        '--client-id',
        'cli-123',
        '--client-secret-stdin',
      ],
      { env, stdin: brokenBytes(markedSecret()) },
    );
    expect(result).toMatchObject({ code: 2, stdout: '', stderr: REFUSED });
    expect(readdirSync(home)).toEqual([]);
  });

  it('keys validate and inspect - refuse it before looking at the input', async () => {
    const env = { CREDVAULT_HOME: makeTempDir() };
    const key = `oxios_${'ab'.repeat(31)}a`;
    for (const argv of [
      ['keys', 'validate'],
      ['inspect', '-'],
    ]) {
      const result = await runCliInProcess(argv, { env, stdin: brokenBytes(key, 'b') });
      expect(result, argv.join(' ')).toMatchObject({ code: 2, stdout: '', stderr: REFUSED });
      expect(result.stderr).not.toContain(LEAK_MARKER);
    }
  });
});

describe('bearers put reads the record exactly', () => {
  it('refuses a field given twice and an expiry that is not exactly whole; stores nothing', async () => {
    const home = makeTempDir();
    const env = { CREDVAULT_HOME: home };
    const cases: Array<[string, string]> = [
      [
        `{"access_token":"${markedSecret()}","access_token":"${markedSecret()}","refresh_token":"","expires_at_unix":4102444800}`,
        'credvault: standard input is not valid JSON (a field name appears twice (line 1)); expected a bearer record\n',
      ],
      [
        `{"access_token":"${markedSecret()}","refresh_token":"","expires_at_unix":4102444800.00000001}`,
        'credvault: standard input: expires_at_unix must be a whole number of seconds\n',
      ],
    ];
    for (const [stdin, stderr] of cases) {
      const result = await runCliInProcess(['bearers', 'put', 'agent-A'], { env, stdin });
      expect(result).toMatchObject({ code: 2, stdout: '', stderr });
    }
    expect(existsSync(join(home, 'bearers', 'agent-A'))).toBe(false);
  });
});
