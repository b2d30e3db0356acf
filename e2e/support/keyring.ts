/**
 * A private Secret Service for the keychain e2e tests, modelled on
 * test-support/secret-service.ts: a `dbus-run-session` of its own with
 * gnome-keyring in it, HOME = the test's vault home (keyrings live in
 * ~/.local/share/keyrings, so a keyring made by an 'unlocked' session is
 * there, locked, for a later 'locked' one) and no display (an unlock prompt
 * cannot appear, as on a headless machine).
 *
 * Unlike the vitest helper, the bus outlives one command: its address is
 * handed to `credvault ui` through a launcher and to CLI runs, so the page
 * and the CLI share one keyring. (Running `credvault ui` as the child of
 * `dbus-run-session` would not do: Ctrl-C to `dbus-run-session` kills it by
 * the signal instead of reaching `credvault ui`, so the clean exit the
 * fixtures check could not be seen.) Closing the session's stdin ends it;
 * gnome-keyring leaves with its bus.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { UiLauncher } from './credvault-ui';
import { CREDVAULT_BIN, type CliResult, vaultEnv } from './credvault-cli';

/** 'unlocked': started and unlocked with a fixed password; 'locked': started without unlocking. */
export type KeyringMode = 'unlocked' | 'locked';

const KEYRING_PASSWORD = 'e2e-keyring-pw';
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

const START_DAEMON: Record<KeyringMode, string> = {
  unlocked:
    'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
  locked: 'gnome-keyring-daemon --start --components=secrets >/dev/null',
};

export interface PrivateKeyring {
  /** DBUS_SESSION_BUS_ADDRESS of the private bus. */
  readonly busAddress: string;
  /** Starts `credvault ui` on this bus (for `startCredvaultUi(home, launcher)`). */
  readonly launcher: UiLauncher;
  /** Runs the real CLI on this bus, as `credvault(home, args)` does without one. */
  credvault(args: string[], stdin?: string): Promise<CliResult>;
  /**
   * Unlocks the keyring in place, as a user typing the password would:
   * gnome-keyring is replaced on the same bus by one started with --unlock.
   */
  unlock(): Promise<void>;
  stop(): Promise<void>;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** Reads the first line the session prints: its bus address (or fails with its stderr). */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the private keyring did not start: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const end = stdout.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(stdout.slice(0, end).trim());
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the private keyring exited (${code}) before starting: ${stderr}`));
    });
  });
}

/** Starts a private bus with gnome-keyring for the vault home `home`. */
export async function startKeyring(home: string, mode: KeyringMode): Promise<PrivateKeyring> {
  const sessionEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', KEYRING_PASSWORD };
  const session = spawn(
    'dbus-run-session',
    [
      '--',
      'sh',
      '-c',
      // The daemon, then the address; `cat` holds the session open until stdin closes.
      `${START_DAEMON[mode]}; printf '%s\\n' "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null`,
    ],
    { env: sessionEnv, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => session.on('exit', () => resolve()));
  const busAddress = await firstLine(session);
  const onBus = (env: NodeJS.ProcessEnv) => ({ ...env, DBUS_SESSION_BUS_ADDRESS: busAddress });

  return {
    busAddress,
    launcher: (command, env) => ({
      file: command[0]!,
      args: command.slice(1),
      env: onBus(env),
    }),
    credvault: (args, stdin = '') =>
      run(process.execPath, [CREDVAULT_BIN, ...args], onBus(vaultEnv(home)), stdin),
    unlock: async () => {
      // Its output to /dev/null: the daemon it forks would hold our pipes open.
      const result = await run(
        'sh',
        [
          '-c',
          'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1',
        ],
        onBus(sessionEnv),
      );
      if (result.code !== 0) throw new Error(`could not unlock the keyring: ${result.stderr}`);
    },
    stop: async () => {
      if (session.exitCode !== null || session.signalCode !== null) return;
      session.stdin.end();
      const timer = setTimeout(() => session.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
