/** The real `bin/credvault`, run as a user would, for seeding a vault home. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const CREDVAULT_BIN = resolve(REPO, 'bin', 'credvault');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of every Credvault process here: the temp home and nothing of the user's. */
export function vaultEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, CREDVAULT_HOME: home, LANG: 'C.UTF-8' };
}

export function credvault(home: string, args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CREDVAULT_BIN, ...args], {
      env: vaultEnv(home),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Runs a command that must succeed; its stderr is the error when it does not. */
export async function credvaultOk(home: string, args: string[], stdin = ''): Promise<string> {
  const result = await credvault(home, args, stdin);
  if (result.code !== 0) {
    throw new Error(
      `credvault ${args[0]} ${args[1] ?? ''} exited ${result.code}: ${result.stderr}`,
    );
  }
  return result.stdout;
}
