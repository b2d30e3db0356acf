/**
 * The session's bearer roots: one BearerStore per configured root, however
 * many callers, and, once a long-running front end asks for it
 * (`startWatching`), one watch per root. The roots follow the settings file:
 * a root added gets its store (and its watch), a root removed loses them, a
 * root whose window changed gets a new store.
 *
 * Events: a change the watch sees is `credvault:bearers.changed` with origin
 * 'disk'; a write or removal through one of our stores is announced at once
 * with origin 'session', and the watch's echo of it is not announced again
 * (own-write-echoes.ts), while a change someone else makes right after ours
 * still is. The store keeps its own writes in its cache, so they are in the
 * next list() at once.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_WINDOW_S, type RootSettings } from '@shared/schemas/settings';
import { isValidBearerId } from '../bearers/bearer-id';
import { BearerStore } from '../bearers/bearer-store';
import type { RootWatch } from '../bearers/bearer-watch';
import type { RootKeys } from '../keychain/bearer-sealing';
import { ensurePrivateDirSync } from '../fs/atomic-write';
import type { Clock } from '../ports/clock';
import type { EventHub } from './event-hub';
import { OwnWriteEchoes } from './own-write-echoes';
import type { BearerSources, SettingsSource } from './session-context';

export interface RootSourcesOptions {
  settings: SettingsSource;
  events: EventHub;
  clock: Clock;
  defaultRoot: string;
  /** The keychain layer's keys for a root (asked only for encrypted records and roots). */
  keysFor?: (root: string) => Promise<RootKeys>;
}

interface RootEntry {
  readonly path: string;
  readonly windowS: number;
  readonly store: BearerStore;
  /** Null until watching starts, and again while the root does not exist (retried on sync). */
  watch: Promise<RootWatch | null> | null;
  /**
   * Added while watching, or watching found no folder here: what the root
   * holds when its watch is ready was written before (maybe just now), so it
   * is announced then.
   */
  announceWhenWatched: boolean;
}

/** The root's entries but dot ones; none when it cannot be read (listing it says why). */
function listNames(root: string): string[] {
  try {
    return readdirSync(root)
      .filter((name) => !name.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/** Ids an event may carry: a folder whose name is no bearer id is listed, not announced. */
function announceable(ids: readonly string[]): string[] {
  return ids.filter((id) => isValidBearerId(id));
}

export class RootSources implements BearerSources {
  readonly defaultRoot: string;
  private readonly entries = new Map<string, RootEntry>();
  /** Watches being closed (a root removed, a window changed): close() waits for them. */
  private readonly closing = new Set<Promise<void>>();
  private watching = false;
  /** The first watches are ready: a root that comes later is news, with what it holds. */
  private watchesReady = false;
  private closed = false;
  private readonly echoes: OwnWriteEchoes;

  constructor(private readonly options: RootSourcesOptions) {
    this.defaultRoot = resolve(options.defaultRoot);
    this.echoes = new OwnWriteEchoes(options.clock);
  }

  async roots(): Promise<RootSettings[]> {
    const { roots } = await this.options.settings.read();
    this.sync(roots);
    return roots;
  }

  async storeFor(root: string, windowS?: number): Promise<BearerStore> {
    const path = resolve(root);
    await this.roots();
    const entry = this.entries.get(path);
    if (entry !== undefined && (windowS === undefined || windowS === entry.windowS))
      return entry.store;
    // A root that is not configured, or another window for one call (the
    // CLI's --root and --window): a store of its own, unwatched, whose writes
    // still reach the root's shared store and the subscribers.
    return this.makeStore(path, windowS ?? entry?.windowS ?? DEFAULT_WINDOW_S, (id) =>
      this.entries.get(path)?.store.forget(id),
    );
  }

  /** Starts one watch per configured root; idempotent. Resolves once every watch is ready. */
  async startWatching(): Promise<void> {
    if (this.closed) return;
    this.watching = true;
    await this.roots();
    await Promise.all([...this.entries.values()].map((entry) => entry.watch));
    this.watchesReady = true;
  }

  /** Releases every watch; nothing is watched after it. */
  async close(): Promise<void> {
    this.closed = true;
    this.watching = false;
    for (const entry of [...this.entries.values()]) this.retire(entry);
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  /** Brings stores and watches in line with the configured roots (synchronous, so never twice). */
  private sync(roots: readonly RootSettings[]): void {
    const wanted = new Map(roots.map((root) => [root.path, root]));
    for (const entry of [...this.entries.values()]) {
      const root = wanted.get(entry.path);
      if (root === undefined || root.windowS !== entry.windowS) this.retire(entry);
    }
    for (const root of roots) {
      let entry = this.entries.get(root.path);
      if (entry === undefined) {
        entry = {
          path: root.path,
          windowS: root.windowS,
          store: this.makeStore(root.path, root.windowS, () => this.retryWatches()),
          watch: null,
          announceWhenWatched: this.watchesReady,
        };
        this.entries.set(root.path, entry);
      }
      if (this.watching && entry.watch === null) this.startWatch(entry);
    }
  }

  private makeStore(
    root: string,
    windowS: number,
    afterOwnWrite: (id: string) => void,
  ): BearerStore {
    return new BearerStore({
      root,
      clock: this.options.clock,
      nearExpiryWindowS: windowS,
      ...(this.options.keysFor === undefined ? {} : { keys: () => this.options.keysFor!(root) }),
      ownWriteSpan: {
        begin: (id) => this.echoes.begin(root, id),
        end: (id) => this.echoes.end(root, id),
      },
      onOwnWrite: (id) => {
        afterOwnWrite(id);
        this.options.events.emit('credvault:bearers.changed', {
          root,
          ids: announceable([id]),
          origin: 'session',
        });
      },
    });
  }

  /** A root that did not exist when watching began may exist after our own write. */
  private retryWatches(): void {
    if (!this.watching) return;
    for (const entry of this.entries.values()) {
      if (entry.watch === null) this.startWatch(entry);
    }
  }

  private startWatch(entry: RootEntry): void {
    // The vault's own root is made here, so that bearers other programs put
    // there are seen; a root of someone else's is watched once it exists
    // (chokidar cannot watch a folder that is not there yet): the config
    // watch seeing it appear (config-files-watch.ts), the next sync or our
    // own first write there tries again.
    if (entry.path === this.defaultRoot) {
      try {
        ensurePrivateDirSync(entry.path);
      } catch {
        // listing it reports why
      }
    }
    if (!existsSync(entry.path)) {
      entry.announceWhenWatched = true;
      return;
    }
    const current = () => this.entries.get(entry.path) === entry && !this.closed;
    entry.watch = entry.store
      .watch((ids) => {
        if (!current()) return;
        const foreign = this.echoes.foreign(entry.path, ids);
        // Only our own writes' echo: announced already, as the session's.
        if (ids.length > 0 && foreign.length === 0) return;
        this.options.events.emit('credvault:bearers.changed', {
          root: entry.path,
          ids: announceable(foreign),
          origin: 'disk',
        });
      })
      .then((watch) => {
        if (entry.announceWhenWatched && current()) {
          entry.announceWhenWatched = false;
          this.options.events.emit('credvault:bearers.changed', {
            root: entry.path,
            ids: announceable(listNames(entry.path)),
            origin: 'disk',
          });
        }
        return watch;
      })
      // A watch that cannot start leaves the root served unwatched, from disk.
      .catch(() => null);
  }

  private retire(entry: RootEntry): void {
    if (this.entries.get(entry.path) === entry) this.entries.delete(entry.path);
    const watch = entry.watch;
    entry.watch = null;
    if (watch === null) return;
    const closed = watch
      .then((started) => started?.close())
      .then(
        () => undefined,
        () => undefined,
      );
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
  }
}
