/**
 * Usage errors as every other failure: one line on stderr starting
 * `credvault:` (the README's promise), with a pointer to the right `--help`.
 * Commander's own output (two lines starting `error:`, or a whole help page
 * on stderr for a command group given no command) is silenced in program.ts
 * and replaced by this line.
 *
 * Commander quotes what the user typed (`unknown command 'oxios_…'`); a
 * secret pasted in the wrong place must not be echoed back, so any word
 * shaped like a secret is masked before the message is shown.
 */
import type { Command, CommanderError } from '@commander-js/extra-typings';
import { looksLikeSecret, maskSecretShapes } from '../core/text/secret-shapes';

/** The commands named by the leading words of `argv`: ['keys', 'mint'] for `keys mint --x`. */
export function commandPathOf(program: Command, argv: readonly string[]): Command[] {
  const path: Command[] = [];
  let current: Command = program;
  for (const word of argv) {
    const next = current.commands.find((command) => command.name() === word);
    if (next === undefined) break;
    path.push(next as Command);
    current = next as Command;
  }
  return path;
}

/**
 * Commander quotes what was typed as it was typed: `'--token=eyJ…'`. A
 * secret glued to an option name is still a secret: each quoted argument is
 * judged on its pieces too, split where options and values meet.
 */
function maskQuotedSecrets(message: string): string {
  return message.replace(/'([^']*)'/g, (quoted, argument: string) =>
    [argument, ...argument.split(/[=\s]+/).map((piece) => piece.replace(/^-+/, ''))].some((piece) =>
      looksLikeSecret(piece),
    )
      ? "'<secret-shaped argument, not shown>'"
      : quoted,
  );
}

/** Whether commander's error is usage feedback the user asked for (help, version): exit 0. */
export function isRequestedOutput(error: CommanderError): boolean {
  return error.exitCode === 0;
}

/** The one line for a usage error, ending with a newline. */
export function usageErrorLine(error: CommanderError, program: Command, argv: string[]): string {
  const path = commandPathOf(program, argv);
  const last = path.at(-1) ?? program;
  const words = path.map((command) => command.name()).join(' ');
  const name = ['credvault', ...path.map((command) => command.name())].join(' ');
  const commands = last.commands.map((command) => command.name()).join(', ');
  const message =
    error.code === 'commander.help'
      ? // A command group run without a command: commander would print its whole help on stderr.
        `${words === '' ? 'a command is needed' : `${words} needs a command`} (${commands})`
      : maskSecretShapes(maskQuotedSecrets(error.message))
          .replace(/^error: /, '')
          .replace(/\s*\n\s*/g, ' ')
          .trim()
          .replace(/\.$/, '');
  return `credvault: ${message}; see ${name} --help\n`;
}
