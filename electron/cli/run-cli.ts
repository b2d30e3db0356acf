/**
 * Runs one CLI invocation and returns its exit code; never calls
 * process.exit, so tests can run it in-process. Errors become one line on
 * stderr naming the input; unexpected errors print no message at all, since
 * a foreign message might quote a secret.
 */
import { CommanderError } from '@commander-js/extra-typings';
import { VaultError } from '../core/errors';
import { resolveVaultHome } from '../core/vault-paths';
import { createCliContext } from './cli-context';
import type { CliIo } from './cli-io';
import { EXIT, exitCodeForKind } from './exit-codes';
import { buildProgram } from './program';
import { isRequestedOutput, usageErrorLine } from './usage-error';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const context = createCliContext(io, resolveVaultHome(io.env));
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; everything else commander rejects is usage.
      if (isRequestedOutput(error)) return EXIT.ok;
      io.stderr(usageErrorLine(error, program, argv));
      return EXIT.badInput;
    }
    if (error instanceof VaultError) {
      io.stderr(`credvault: ${error.message}\n`);
      return exitCodeForKind(error.kind);
    }
    const code =
      error && typeof error === 'object' && 'code' in error ? ` (${String(error.code)})` : '';
    io.stderr(`credvault: unexpected internal error${code}\n`);
    return EXIT.environment;
  } finally {
    // Releases whatever the session holds, so the process can exit by itself.
    // The command's outcome is already decided: a failure here changes nothing on disk.
    await context.close().catch(() => {});
  }
}
