import type { Vault } from '../core/create-vault';
import type { CliIo } from './cli-io';

/** What every command handler gets: I/O, the vault (core services), and the exit code to return. */
export interface CliContext {
  io: CliIo;
  vault: Vault;
  exitCode: number;
}
