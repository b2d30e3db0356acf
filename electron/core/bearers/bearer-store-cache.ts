/**
 * The bearer store's in-memory cache of a root: filled only while a watch is
 * running, because the watch is what keeps it true (bearer-watch.ts). The
 * store's own writes update it as they land, so the next list serves them at
 * once instead of waiting for the watch to report them.
 */
import { readdirSync } from 'node:fs';
import { VaultError, environmentError } from '../errors';
import type { OpenedRead } from './bearer-at-rest';
import { watchBearerRoot, type RootWatch } from './bearer-watch';

export class BearerStoreCache {
  /**
   * Holds records opened (as served); never a locked or busy one, which the
   * next list looks at again. Null while no watch runs.
   */
  private records: Map<string, OpenedRead> | null = null;
  private ids: string[] | null = null;

  constructor(private readonly root: string) {}

  /** The record a running watch vouches for, if any. */
  get(id: string): OpenedRead | undefined {
    return this.records?.get(id);
  }

  /** Every entry of the root but dot entries, sorted; from memory while a watch vouches for it. */
  listIds(): string[] {
    if (this.records && this.ids) return this.ids;
    let names: string[];
    try {
      names = readdirSync(this.root);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new VaultError('not-found', `no bearer root at ${this.root}`);
      throw environmentError('list', this.root, error);
    }
    const ids = names
      .filter((name) => !name.startsWith('.'))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (this.records) this.ids = ids;
    return ids;
  }

  remember(id: string, read: OpenedRead, into: Map<string, OpenedRead>): void {
    into.set(id, read);
    // A busy bearer is caught mid-change, a locked one may open after a
    // retry: the next list should look again.
    if (read.kind !== 'busy' && read.kind !== 'locked') this.records?.set(id, read);
  }

  /**
   * Our write of bearer `id` landed whole. `opened`: the record as the next
   * list serves it (null: read it again from disk).
   */
  wrote(id: string, opened: OpenedRead | null): void {
    // The write checked that this record is what is on disk: the next list
    // serves it at once instead of waiting for the watch to report it.
    if (opened === null) this.records?.delete(id);
    else this.records?.set(id, opened);
    if (this.ids !== null && !this.ids.includes(id)) this.ids = null;
  }

  /**
   * Drops what the cache holds of bearer `id`, which changed behind this
   * store's back (through another store of the same root, in this process).
   */
  forget(id: string): void {
    this.records?.delete(id);
    if (this.ids !== null && !this.ids.includes(id)) this.ids = null;
  }

  /** Drops the record of bearer `id`, whose removal was attempted (done or not). */
  forgetRecord(id: string): void {
    this.records?.delete(id);
  }

  /** Bearer `id` was removed: it leaves the id list. */
  removed(id: string): void {
    this.ids = this.ids?.filter((cached) => cached !== id) ?? null;
  }

  /**
   * Watches the root for changes made by anyone, without polling; while the
   * watch runs, the cache serves unchanged bearers from memory.
   */
  async watch(
    onChange: (ids: string[]) => void,
    onError: (error: Error) => void,
  ): Promise<RootWatch> {
    const watch = await watchBearerRoot(this.root, {
      onChange: (ids, rootChanged) => {
        for (const id of ids) this.records?.delete(id);
        if (rootChanged) this.ids = null;
        onChange(ids);
      },
      onError: (error) => {
        // A watch that failed cannot vouch for the cache any more.
        this.records = null;
        this.ids = null;
        onError(error);
      },
    });
    this.records = new Map();
    this.ids = null;
    const close = watch.close;
    return {
      close: async () => {
        this.records = null;
        this.ids = null;
        await close();
      },
    };
  }
}
