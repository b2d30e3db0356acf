/**
 * Runs the CLI as a user would and checks that no marked secret leaks:
 * in-process (fast, most tests) or as a real `bin/credvault` process (needs
 * `npm run build`; used where the process boundary matters).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { decodeStdin } from '../electron/cli/cli-io';
import { runCli } from '../electron/cli/run-cli';
import { assertNoLeak } from './leak-marker';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Bytes go through the CLI's own stdin decoder, as a real process's stdin does. */
  stdin?: string | Uint8Array;
  env?: Record<string, string | undefined>;
  /** The command is expected to print a secret on stdout (--reveal, token, ...). */
  reveals?: boolean;
}

export const CLI_BIN = resolve(import.meta.dirname, '..', 'bin', 'credvault');

function checkLeaks(argv: string[], result: CliResult, options: CliRunOptions): CliResult {
  assertNoLeak(`stderr of credvault ${argv.join(' ')}`, result.stderr);
  if (!options.reveals) assertNoLeak(`stdout of credvault ${argv.join(' ')}`, result.stdout);
  return result;
}

export async function runCliInProcess(
  argv: string[],
  options: CliRunOptions = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    readStdin: async () =>
      typeof options.stdin === 'object' ? decodeStdin(options.stdin) : (options.stdin ?? ''),
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: options.env ?? {},
    stdoutIsTty: false,
  });
  return checkLeaks(argv, { code, stdout, stderr }, options);
}

export function runCliProcess(argv: string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...argv], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolvePromise(checkLeaks(argv, { code: code ?? -1, stdout, stderr }, options));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(options.stdin ?? '');
  });
}
