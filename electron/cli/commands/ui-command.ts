/**
 * `credvault ui [--port N] [--no-open]`: browser mode. The vault is served on
 * 127.0.0.1 to pages that sign in with the printed single-use link, until
 * Ctrl-C (see electron/web/browser-mode.ts for what it does and why).
 */
import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { runBrowserMode } from '../../web/browser-mode';
import type { CliContext } from '../cli-context';

function portNumber(value: string): number {
  if (!/^[0-9]{1,5}$/.test(value) || Number(value) > 65535) {
    throw new InvalidArgumentError('expected a port number from 0 to 65535 (0: any free port)');
  }
  return Number(value);
}

export function registerUiCommand(program: Command, context: CliContext): void {
  program
    .command('ui')
    .description(
      'serve the vault to your browser on 127.0.0.1 (this machine only) until Ctrl-C;\n' +
        'prints a link that signs in one page, once (press Enter for another)',
    )
    .option('--port <n>', 'the port to listen on (default: any free port)', portNumber)
    .option('--no-open', 'do not open the default browser; only print the link')
    .action(async (options) => {
      await runBrowserMode(
        {
          session: await context.session(),
          port: options.port ?? 0,
          open: options.open,
          version: program.version() ?? 'unknown',
          stdout: (text) => context.io.stdout(text),
          stderr: (text) => context.io.stderr(text),
        },
        {
          stdin: process.stdin,
          once: (signal, listener) => process.once(signal, listener),
          off: (signal, listener) => process.off(signal, listener),
          env: context.io.env,
          platform: process.platform,
        },
      );
    });
}
