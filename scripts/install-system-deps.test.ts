/**
 * The README's opening commands must run as written on a fresh Debian box,
 * as root (which has no sudo there: `sudo …` exits 127) and as a user with
 * sudo. The install script calls sudo itself only when not root; here it
 * runs against stub commands (no package is installed) to show both.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/temp-dir';

const REPO = resolve(import.meta.dirname, '..');
const SCRIPT = join(REPO, 'scripts', 'install-system-deps.sh');

/** The commands of the README's first `sh` block, comments dropped. */
function openingCommands(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Runs the install script with only stub commands on PATH; returns what they were asked. */
function runScript(uid: number, withSudo: boolean): string[] {
  const bin = makeTempDir();
  const log = join(bin, 'calls.log');
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub('id', `echo ${uid}`);
  stub('dpkg', 'exit 1'); // every package missing
  stub('apt-get', `echo "apt-get $*" >> ${log}`);
  if (withSudo) stub('sudo', `echo "sudo $*" >> ${log}; exec "$@"`);
  execFileSync('/bin/bash', [SCRIPT], { env: { PATH: bin }, stdio: 'pipe' });
  return readFileSync(log, 'utf8').trim().split('\n');
}

describe("the README's opening commands", () => {
  it('are the install-and-run command and the test command, neither using sudo', () => {
    const commands = openingCommands();
    expect(commands).toEqual([
      'npm ci && npm start',
      'bash scripts/install-system-deps.sh && npm ci && npm run test:all',
    ]);
    for (const command of commands) expect(command).not.toMatch(/\bsudo\b/);
  });

  it('install system packages as root, where there is no sudo', () => {
    const calls = runScript(0, false);
    expect(calls[0]).toBe('apt-get update -qq');
    expect(calls[1]).toMatch(/^apt-get install -y -qq --no-install-recommends libsecret-1-0 /);
  });

  it('install them as a user through sudo', () => {
    const calls = runScript(1000, true);
    expect(calls.filter((call) => call.startsWith('sudo apt-get'))).toHaveLength(2);
  });
});
