import type { VaultPaths } from '../core/vault-paths';
import type { CliIo } from './cli-io';

/** What every command handler gets: I/O, the vault's paths, and the exit code to return. */
export interface CliContext {
  io: CliIo;
  paths: VaultPaths;
  exitCode: number;
}
