/** The command tree: one module per command group under commands/. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from './cli-context';
import { registerAuthTokenCommands } from './commands/auth-token-commands';
import { registerBearerCommands } from './commands/bearer-commands';
import { registerInspectCommands } from './commands/inspect-commands';
import { registerOAuthBearerCommands } from './commands/oauth-bearer-commands';
import { registerProviderCommands } from './commands/provider-commands';
import { registerTokenCommands } from './commands/token-commands';
import { registerKeyCommands } from './commands/key-commands';
import { registerKeychainCommands } from './commands/keychain-commands';
import { registerUiCommand } from './commands/ui-command';

export const CLI_VERSION = '0.1.0';

export function buildProgram(context: CliContext): Command {
  const program = new Command('credvault')
    .description(
      'Credvault: see and manage the OAuth bearers, API keys and workspace tokens your local tools keep on disk.\n' +
        'Secrets are read only from standard input, never from arguments.',
    )
    .version(CLI_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout(text),
      // Commander's own error output (two lines, or a help page on stderr) is
      // replaced by the one `credvault:` line run-cli.ts prints (usage-error.ts),
      // which never echoes a secret-shaped argument.
      writeErr: () => {},
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `
Exit codes: 0 success; 1 a negative answer (no such bearer or key, invalid key);
2 bad usage or input; 3 environment failure (permissions, lock timeout, I/O, network).
Vault home: ${context.home} (${context.io.env.CREDVAULT_HOME ? 'from $CREDVAULT_HOME' : 'set $CREDVAULT_HOME to use another'})`,
    );
  const bearers = registerBearerCommands(program, context);
  registerOAuthBearerCommands(bearers, context);
  registerProviderCommands(program, context);
  registerTokenCommands(program, context);
  registerInspectCommands(program, context);
  registerAuthTokenCommands(program, context);
  registerKeyCommands(program, context);
  registerKeychainCommands(program, context);
  registerUiCommand(program, context);
  return program;
}
