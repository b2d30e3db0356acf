/**
 * Usage errors keep the README's promise: one line on stderr starting
 * `credvault:`, exit 2, nothing on stdout; and never echo an argument shaped
 * like a secret. Help and version are output the user asked for: unchanged.
 */
import { describe, expect, it } from 'vitest';
import { runCliInProcess, runCliProcess } from '../../test-support/cli-harness';
import { markedSecret } from '../../test-support/leak-marker';
import { CLI_VERSION } from './program';

const API_KEY = `oxios_${'3f'.repeat(32)}`;
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${part({ alg: 'RS256' })}.${part({ sub: markedSecret() })}.c2lnbmF0dXJl`;

async function usageError(argv: string[]) {
  const result = await runCliInProcess(argv);
  expect(result.code, argv.join(' ')).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n'), result.stderr).toHaveLength(2); // one line and its newline
  expect(result.stderr).toMatch(/^credvault: /);
  return result.stderr;
}

describe('usage errors', () => {
  it.each([
    [
      ['keys', 'list', '--bogus'],
      "credvault: unknown option '--bogus'; see credvault keys list --help",
    ],
    [
      ['keys', 'mint'],
      "credvault: missing required argument 'name'; see credvault keys mint --help",
    ],
    [['kyes'], "credvault: unknown command 'kyes' (Did you mean keys?); see credvault --help"],
    [
      ['keys', 'mint', 'a', 'b'],
      "credvault: too many arguments for 'mint'. Expected 1 argument but got 2; see credvault keys mint --help",
    ],
    [
      ['bearers', 'list', '--root'],
      "credvault: option '--root <dir>' argument missing; see credvault bearers list --help",
    ],
    [
      ['keys'],
      'credvault: keys needs a command (mint, list, validate, revoke); see credvault keys --help',
    ],
    [
      ['keys', 'revoke'],
      'credvault: give either a NAME or --hash PREFIX (exactly one of them); see credvault keys revoke --help',
    ],
  ])('%j: one line starting credvault:, exit 2', async (argv, line) => {
    expect(await usageError(argv)).toBe(`${line}\n`);
  });

  it('run as a real process too', async () => {
    const result = await runCliProcess(['bearers', 'lsit']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "credvault: unknown command 'lsit' (Did you mean list?); see credvault bearers --help\n",
    });
  });

  it.each([
    [[API_KEY]],
    [['keys', API_KEY]],
    [['bearers', 'list', JWT]],
    [['bearers', 'list', `--${JWT}`]],
    [['bearers', 'put', 'agent', `--token=${JWT}`]],
    [['bearers', 'list', '--window', JWT]],
    [['keys', 'mint', 'bot', API_KEY]],
  ])('never echo a secret-shaped argument: %j', async (argv) => {
    const line = await usageError(argv);
    expect(line).not.toContain(API_KEY.slice(6));
    for (const piece of JWT.split('.')) expect(line).not.toContain(piece);
  });
});

describe('help and version', () => {
  it('print on stdout and exit 0, as before', async () => {
    const version = await runCliInProcess(['--version']);
    expect(version).toEqual({ code: 0, stdout: `${CLI_VERSION}\n`, stderr: '' });
    for (const argv of [
      ['--help'],
      ['keys', '--help'],
      ['keys', 'mint', '--help'],
      ['help', 'keys'],
    ]) {
      const help = await runCliInProcess(argv);
      expect(help.code, argv.join(' ')).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout).toMatch(/^Usage: credvault/);
    }
  });
});
