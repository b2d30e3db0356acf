/**
 * What every command handler gets: I/O, the vault home, the vault session and
 * the exit code to return. The CLI is a thin front end over the session
 * (electron/core/session/): a command parses its arguments, builds one
 * request, makes one call and prints the answer. Every decision (which root,
 * which window, which provider, whether to refresh, unlinking on remove) is
 * the session's.
 *
 * The session is opened on first use, so `--help` and usage errors never
 * build one, and a command reads without a watch: only long-running front
 * ends (the app, `credvault ui`) start watches. runCli closes it after the
 * command, whatever happened.
 */
import { resolve } from 'node:path';
import { openVault } from '../core/session/open-vault';
import type { VaultSession } from '../core/session/session-api';
import type { CliIo } from './cli-io';

export interface CliContext {
  readonly io: CliIo;
  /** The vault home, as `$CREDVAULT_HOME` or the OS app-data folder names it. */
  readonly home: string;
  /** The vault session, opened on the first call. */
  session(): Promise<VaultSession>;
  /** The bearer root a command acts on: `--root` resolved, else the session's default root. */
  root(option: string | undefined): Promise<string>;
  exitCode: number;
}

export interface OwnedCliContext extends CliContext {
  /** Closes the session if one was opened; safe to call more than once. */
  close(): Promise<void>;
}

export function createCliContext(io: CliIo, home: string): OwnedCliContext {
  let opened: Promise<VaultSession> | null = null;
  const session = () => (opened ??= openVault(home, { env: io.env }));
  return {
    io,
    home,
    exitCode: 0,
    session,
    root: async (option) => {
      // A root that is not configured serves this one command and is not added.
      if (option !== undefined) return resolve(option);
      // The settings always list the default root first.
      const { roots } = await (await session()).getSettings({});
      const first = roots[0];
      if (first === undefined) throw new Error('the settings list no bearer root');
      return first.path;
    },
    close: async () => {
      // A session that failed to open has nothing to release.
      const current = await opened?.catch(() => null);
      await current?.close();
    },
  };
}
