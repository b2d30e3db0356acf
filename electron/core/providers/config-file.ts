/**
 * The vault home's small JSON files (providers.json, links.json): read with
 * the private-file rules, checked with a zod schema (messages name the field,
 * never a value), changed only under a lock folder next to them, written
 * atomically at 0600.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { VaultError, environmentError } from '../errors';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../fs/atomic-write';
import { withFileLock, type LockOptions } from '../locks/file-lock';
import { readPrivateJson } from './private-file';

export class ConfigFile<T> {
  readonly path: string;
  private readonly lockPath: string;

  constructor(
    readonly home: string,
    fileName: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly lockOptions: LockOptions = {},
  ) {
    this.path = join(home, fileName);
    // A dot name: listings and watchers skip it, like the bearer locks.
    this.lockPath = join(home, `.${fileName.replace(/\.json$/, '')}.lock`);
  }

  /** The current contents; the empty value when the file does not exist yet. */
  read(): T {
    const raw = readPrivateJson(this.path);
    if (raw === null) return this.empty();
    const result = this.schema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where =
        issue && issue.path.length > 0
          ? ` at ${issue.path.map(String).join('.').slice(0, 200)}`
          : '';
      throw new VaultError(
        'bad-input',
        `${this.path} is invalid${where}: ${issue?.code ?? 'unexpected shape'}`,
      );
    }
    return result.data;
  }

  /**
   * Read-modify-write under the file's lock, so two processes adding at
   * once both keep their change. `change` returns the new contents, or
   * `null` to leave the file alone.
   */
  async update<R>(
    change: (current: T) => Promise<{ next: T | null; result: R }> | { next: T | null; result: R },
  ): Promise<R> {
    try {
      ensurePrivateDirSync(this.home);
    } catch (error) {
      throw environmentError('create', this.home, error);
    }
    return withFileLock(
      this.lockPath,
      async () => {
        const { next, result } = await change(this.read());
        if (next !== null) this.write(next);
        return result;
      },
      this.lockOptions,
    );
  }

  private write(value: T): void {
    try {
      writeFileAtomicSync(this.path, `${JSON.stringify(value, null, 2)}\n`);
    } catch (error) {
      throw environmentError('write', this.path, error);
    }
  }
}
