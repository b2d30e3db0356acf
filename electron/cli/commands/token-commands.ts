/**
 * `credvault token ID` and `credvault header ID`: a valid access token for
 * scripts, refreshed first when near expiry (the session decides). These
 * print the token (that is what they are for); `header` prints it as an HTTP
 * header line so that
 *
 *   credvault header ID | curl -H @- https://api.example.com/
 *
 * keeps it out of every process's argv.
 */
import type { Command } from '@commander-js/extra-typings';
import { bearerAuthorizationLine } from '../../core/oauth/authorization-header';
import type { CliContext } from '../cli-context';
import { rootOption, windowOption } from '../options';

async function usableToken(
  context: CliContext,
  id: string,
  options: { root?: string; window?: number },
): Promise<string> {
  const session = await context.session();
  const usable = await session.bearerToken({
    ref: { root: await context.root(options.root), id },
    ...(options.window === undefined ? {} : { windowS: options.window }),
  });
  if (usable.warning !== null) context.io.stderr(`credvault: warning: ${usable.warning}\n`);
  return usable.accessToken;
}

export function registerTokenCommands(program: Command, context: CliContext): void {
  const { io } = context;

  program
    .command('token')
    .description(
      "print a bearer's access token, refreshed first when near expiry (reveals the token);\n" +
        'if the refresh fails but the token is still valid, it is printed with a warning on stderr',
    )
    .argument('<id>', 'bearer id')
    .addOption(rootOption())
    .addOption(windowOption())
    .action(async (id, options) => {
      io.stdout(`${await usableToken(context, id, options)}\n`);
    });

  program
    .command('header')
    .description(
      'print "Authorization: Bearer <token>" for a bearer, refreshed like `token`;\n' +
        'use it as: credvault header ID | curl -H @- URL (the token never appears in argv)',
    )
    .argument('<id>', 'bearer id')
    .addOption(rootOption())
    .addOption(windowOption())
    .action(async (id, options) => {
      io.stdout(`${bearerAuthorizationLine(id, await usableToken(context, id, options))}\n`);
    });
}
