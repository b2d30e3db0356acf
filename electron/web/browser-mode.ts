/**
 * `credvault ui`: one vault session, watched, served to browser pages on
 * 127.0.0.1 until Ctrl-C or SIGTERM.
 *
 * Standard output carries sign-in links only, one per line (a script or a
 * test reads them there); everything said to the user goes to stderr. Each
 * line read from standard input (Enter in the terminal, or a line written
 * to a pipe) prints a fresh link, for another tab or browser: no signal is
 * needed, so it works the same over SSH and on Windows.
 *
 * A page that asks to add a path (a root, a key file, a token file) is
 * asked about in the same terminal, and the next line answers the question
 * instead (terminal-approval.ts).
 */
import { createInterface } from 'node:readline';
import type { VaultSession } from '../core/session/session-api';
import { openInBrowser } from './open-browser';
import { findRendererDir } from './renderer-dir';
import { TerminalApproval } from './terminal-approval';
import { startWebServer } from './web-server';

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The parts of `process` browser mode uses (tests pass their own). */
export interface BrowserModeHost {
  readonly stdin: NodeJS.ReadableStream;
  once(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  readonly env: Record<string, string | undefined>;
  readonly platform: NodeJS.Platform;
}

export interface BrowserModeOptions {
  /** The session to serve; its opener closes it (after this returns). */
  session: VaultSession;
  /** 0: any free port. */
  port: number;
  /** Open the default browser on the first link. */
  open: boolean;
  version: string;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Where the built renderer is; found next to the CLI when absent. */
  rendererDir?: string;
}

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

function untilStopSignal(host: BrowserModeHost): Promise<StopSignal> {
  return new Promise((resolve) => {
    const listeners = STOP_SIGNALS.map((signal) => {
      const listener = () => {
        // Stop listening for either: a second Ctrl-C then gets Node's
        // default (the process ends at once), should closing ever hang.
        for (const [other, stop] of listeners) host.off(other, stop);
        resolve(signal);
      };
      host.once(signal, listener);
      return [signal, listener] as const;
    });
  });
}

export async function runBrowserMode(
  options: BrowserModeOptions,
  host: BrowserModeHost,
): Promise<void> {
  const rendererDir = options.rendererDir ?? findRendererDir();
  const { session } = options;
  await session.startWatching();
  const approval = new TerminalApproval({ say: options.stderr });
  const server = await startWebServer({
    session,
    confirm: approval,
    rendererDir,
    port: options.port,
    version: options.version,
    onSignIn: (pages) =>
      options.stderr(
        `credvault: a page signed in (${pages} so far); if it was not yours, stop with Ctrl-C\n`,
      ),
  });
  try {
    const stopped = untilStopSignal(host);
    const firstLink = server.newSignInUrl();
    options.stderr(
      `credvault: serving the vault at http://127.0.0.1:${server.port}/ (this machine only); Ctrl-C stops\n` +
        'credvault: the link below signs in one page, once; press Enter for a new link\n',
    );
    options.stdout(`${firstLink}\n`);
    if (options.open && openInBrowser(firstLink, host.platform, host.env)) {
      options.stderr('credvault: opened the link in your browser\n');
    }

    const lines = createInterface({ input: host.stdin, terminal: false });
    lines.on('line', (line) => {
      if (!approval.answer(line)) options.stdout(`${server.newSignInUrl()}\n`);
    });
    // No one left to answer: every question is refused.
    lines.on('close', () => approval.close());
    const signal = await stopped;
    lines.close();
    host.stdin.pause();
    options.stderr(`credvault: ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping\n`);
  } finally {
    approval.close();
    await server.close();
  }
}
