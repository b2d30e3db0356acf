/**
 * Test helper: runs a command inside a private Secret Service, so tests can
 * use a real gnome-keyring while staying in the normal vitest process.
 *
 * Each run is its own `dbus-run-session` with HOME pointed at the test's
 * folder (keyrings live in ~/.local/share/keyrings, so they outlive a run and
 * the next run sees them) and no display (an unlock prompt cannot appear, as
 * on a headless machine). The daemon leaves with its bus when the run ends.
 *
 *  - 'unlocked': gnome-keyring started and unlocked with a fixed password
 *    (creating the login keyring on first use);
 *  - 'locked': started without unlocking (a keyring made by an earlier
 *    'unlocked' run stays locked);
 *  - 'no-dbus': no bus at all, as over ssh without a session.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export type KeyringMode = 'unlocked' | 'locked' | 'no-dbus';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

const REPO = resolve(import.meta.dirname, '..');
const SCENARIOS = resolve(import.meta.dirname, 'children/keychain-scenario.ts');
/** A safety net against a stuck run, not a timing assertion. */
const RUN_LIMIT_MS = 60_000;

const START_DAEMON: Record<Exclude<KeyringMode, 'no-dbus'>, string> = {
  unlocked:
    'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
  locked: 'gnome-keyring-daemon --start --components=secrets >/dev/null',
};

function sessionEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    KEYRING_PASSWORD: 'test-keyring-pw',
  };
  for (const name of [
    'DBUS_SESSION_BUS_ADDRESS',
    'DISPLAY',
    'WAYLAND_DISPLAY',
    'XDG_RUNTIME_DIR',
  ]) {
    delete env[name];
  }
  return env;
}

/** Runs `command` (argv) with HOME = `home`, inside a Secret Service in state `mode`. */
export function runWithKeyring(
  home: string,
  mode: KeyringMode,
  command: string[],
): Promise<RunResult> {
  const [file, args] =
    mode === 'no-dbus'
      ? [command[0]!, command.slice(1)]
      : [
          'dbus-run-session',
          ['--', 'sh', '-c', `${START_DAEMON[mode]}; exec "$@"`, 'sh', ...command],
        ];
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, {
      cwd: REPO,
      env: sessionEnv(home),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      resolveRun({ stdout, stderr, code });
    });
  });
}

/**
 * Runs a scenario of test-support/children/keychain-scenario.ts in such a
 * session and returns the JSON it prints on its last line.
 */
export async function runKeychainScenario<T = Record<string, unknown>>(
  home: string,
  mode: KeyringMode,
  scenario: string,
  ...args: string[]
): Promise<T> {
  const run = await runWithKeyring(home, mode, [
    process.execPath,
    '--import',
    'tsx',
    SCENARIOS,
    scenario,
    ...args,
  ]);
  const lastLine = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(lastLine) as T;
  } catch {
    throw new Error(
      `scenario ${scenario} printed no result (exit ${run.code}): ${run.stderr.slice(-500)}`,
    );
  }
}

/** How many keychain entries `secret-tool search service <service>` finds (unlocked). */
export async function countKeychainEntries(home: string, service: string): Promise<number> {
  const run = await runWithKeyring(home, 'unlocked', [
    'secret-tool',
    'search',
    '--all',
    'service',
    service,
  ]);
  return run.stdout.split('\n').filter((line) => line.startsWith('[')).length;
}
