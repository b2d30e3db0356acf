/**
 * Which provider refreshes which bearer. Links live in the vault home
 * (`<home>/links.json`), never in a bearer's folder: that folder belongs to
 * the broker layout other programs share, and a stray file there would make
 * `bearers rm` refuse. Keyed by the absolute root and the bearer id, since
 * two roots may hold bearers with the same id.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { checkBearerId } from '../bearers/bearer-id';
import type { LockOptions } from '../locks/file-lock';
import { ConfigFile } from './config-file';
import { checkProviderName } from './provider-name';

export const LINKS_FILE = 'links.json';

const linksFileSchema = z.object({
  version: z.literal(1),
  /** root (absolute path) -> bearer id -> provider name */
  roots: z.record(z.string(), z.record(z.string(), z.string())),
});
type LinksFile = z.infer<typeof linksFileSchema>;

export class BearerLinks {
  private readonly file: ConfigFile<LinksFile>;

  constructor(home: string, lock: LockOptions = {}) {
    this.file = new ConfigFile(
      home,
      LINKS_FILE,
      linksFileSchema,
      () => ({ version: 1, roots: {} }),
      lock,
    );
  }

  get path(): string {
    return this.file.path;
  }

  /** The provider linked to bearer `id` of `root`, or null. */
  get(root: string, id: string): string | null {
    checkBearerId(id);
    const byId = this.file.read().roots[resolve(root)];
    return byId !== undefined && Object.hasOwn(byId, id) ? (byId[id] ?? null) : null;
  }

  async set(root: string, id: string, provider: string): Promise<void> {
    checkBearerId(id);
    checkProviderName(provider);
    const key = resolve(root);
    await this.file.update((file) => {
      const roots = { ...file.roots, [key]: { ...(file.roots[key] ?? {}), [id]: provider } };
      return { next: { version: 1 as const, roots }, result: undefined };
    });
  }

  /** Removes the link; false when there was none. */
  async remove(root: string, id: string): Promise<boolean> {
    checkBearerId(id);
    const key = resolve(root);
    return this.file.update((file) => {
      const byId = file.roots[key];
      if (byId === undefined || !Object.hasOwn(byId, id)) return { next: null, result: false };
      const nextById = { ...byId };
      delete nextById[id];
      const roots = { ...file.roots, [key]: nextById };
      if (Object.keys(nextById).length === 0) delete roots[key];
      return { next: { version: 1 as const, roots }, result: true };
    });
  }
}
