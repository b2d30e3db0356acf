/** `credvault auth-token get|set`: single-file workspace tokens (`.auth_token`). */
import type { Command } from '@commander-js/extra-typings';
import { VaultError } from '../../core/errors';
import type { CliContext } from '../cli-context';

export function registerAuthTokenCommands(program: Command, context: CliContext): void {
  const { io } = context;
  const group = program
    .command('auth-token')
    .description('single-file workspace tokens, such as .auth_token');

  group
    .command('get')
    .description('print the token stored in a file (white space stripped)')
    .requiredOption('--file <path>', 'the token file')
    .action(async (options) => {
      const session = await context.session();
      const { token } = await session.revealTokenFile({ path: options.file });
      if (token === null) throw new VaultError('not-found', `no token in ${options.file}`);
      io.stdout(`${token}\n`);
    });

  group
    .command('set')
    .description(
      'store the token read from standard input (stripped; an identical token is not rewritten)',
    )
    .requiredOption('--file <path>', 'the token file')
    .action(async (options) => {
      const token = await io.readStdin();
      const session = await context.session();
      const { written } = await session.setTokenFile({ path: options.file, token });
      io.stderr(
        written ? `saved token to ${options.file}\n` : `${options.file} already holds this token\n`,
      );
    });
}
