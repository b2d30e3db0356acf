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

/** A bearer as links know it: its root (absolute) and id. */
export interface LinkedBearer {
  root: string;
  id: string;
}

/** The file with every link to `provider` removed; null when there was none. */
function withoutLinksTo(file: LinksFile, provider: string): LinksFile | null {
  let changed = false;
  const roots: LinksFile['roots'] = {};
  for (const [root, byId] of Object.entries(file.roots)) {
    const kept = Object.fromEntries(Object.entries(byId).filter(([, name]) => name !== provider));
    if (Object.keys(kept).length !== Object.keys(byId).length) changed = true;
    if (Object.keys(kept).length > 0) roots[root] = kept;
  }
  return changed ? { version: 1, roots } : null;
}

function linksTo(file: LinksFile, provider: string): LinkedBearer[] {
  const linked: LinkedBearer[] = [];
  for (const root of Object.keys(file.roots).sort()) {
    const byId = file.roots[root] ?? {};
    for (const id of Object.keys(byId).sort()) {
      if (byId[id] === provider) linked.push({ root, id });
    }
  }
  return linked;
}

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

  /** Every link, read once (a list of thousands of bearers): root -> bearer id -> provider. */
  all(): Map<string, Map<string, string>> {
    const byRoot = new Map<string, Map<string, string>>();
    for (const [root, byId] of Object.entries(this.file.read().roots))
      byRoot.set(resolve(root), new Map(Object.entries(byId)));
    return byRoot;
  }

  /** The links of one root, read once: bearer id -> provider. */
  inRoot(root: string): Map<string, string> {
    return new Map(Object.entries(this.file.read().roots[resolve(root)] ?? {}));
  }

  /**
   * Links bearer `id` of `root` to `provider`. `check` (that the provider
   * exists, say) runs under the links lock, so a provider removed meanwhile
   * (see `whileLinkedTo`) cannot end up with a link to it.
   */
  async set(
    root: string,
    id: string,
    provider: string,
    check: () => Promise<unknown> = async () => undefined,
  ): Promise<void> {
    checkBearerId(id);
    checkProviderName(provider);
    const key = resolve(root);
    await this.file.update(async (file) => {
      await check();
      const roots = { ...file.roots, [key]: { ...(file.roots[key] ?? {}), [id]: provider } };
      return { next: { version: 1 as const, roots }, result: undefined };
    });
  }

  /** Every bearer linked to `provider`, by root then id. */
  linkedTo(provider: string): LinkedBearer[] {
    return linksTo(this.file.read(), provider);
  }

  /**
   * Runs `decide` on the bearers linked to `provider` while holding the links
   * lock, so no new link to it can appear before `decide` is done (removing
   * the provider, say). When it answers `unlink`, those links are removed.
   */
  async whileLinkedTo<R>(
    provider: string,
    decide: (linked: LinkedBearer[]) => Promise<{ unlink: boolean; result: R }>,
  ): Promise<R> {
    return this.file.update(async (file) => {
      const { unlink, result } = await decide(linksTo(file, provider));
      return { next: unlink ? withoutLinksTo(file, provider) : null, result };
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
