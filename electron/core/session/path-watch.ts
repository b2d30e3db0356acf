/**
 * Watches a few named files or folders (the settings file, key files, a
 * bearer root not made yet) with one chokidar watcher, without polling.
 *
 * A name is watched through its folder (depth 0, every other entry
 * ignored), because a file replaced by an atomic rename is a new file, and a
 * file that does not exist yet cannot be watched at all: its creation is an
 * event in its folder. Our temp files (`.<name>.<random>.tmp`) and lock
 * folders are other names, so they are ignored too. A folder on the way that
 * does not exist yet is waited for the same way, in the nearest folder that
 * does: when it appears, the watch moves down (and reports the names that
 * came with it).
 *
 * Reports are debounced per name: an atomic write is a rename plus the
 * folder's own change, and a burst of writes is one report.
 */
import { watch, type FSWatcher } from 'chokidar';
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface PathWatch {
  close(): Promise<void>;
}

export interface PathWatchHandlers {
  /** `target` (as given) may have changed: created, rewritten, replaced or removed. */
  onChange(target: string): void;
}

export const PATH_DEBOUNCE_MS = 50;

/** Where one target is watched from: the nearest folder that exists, and the name in it. */
interface Anchor {
  /** The folder watched, symlinks resolved (chokidar reports real paths). */
  readonly folder: string;
  /** The entry of `folder` on the way to the target (the target itself when `direct`). */
  readonly entry: string;
  readonly direct: boolean;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function realFolder(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function anchorOf(target: string): Anchor {
  let entry = target;
  let folder = dirname(target);
  // Bounded by the path's depth: each step goes one folder up.
  while (!isFolder(folder) && dirname(folder) !== folder) {
    entry = folder;
    folder = dirname(folder);
  }
  const real = realFolder(folder);
  return { folder: real, entry: join(real, basename(entry)), direct: entry === target };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

export async function watchPaths(
  givenTargets: readonly string[],
  handlers: PathWatchHandlers,
): Promise<PathWatch> {
  const targets = [...new Set(givenTargets.map((target) => resolve(target)))];
  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | null = null;
  let anchors = new Map<string, Anchor>();
  let closed = false;
  /** Rebuilds run one after another; close() waits for the one running. */
  let rebuilding: Promise<void> = Promise.resolve();

  const report = (target: string) => {
    if (closed || timers.has(target)) return;
    timers.set(
      target,
      setTimeout(() => {
        timers.delete(target);
        if (!closed) handlers.onChange(target);
      }, PATH_DEBOUNCE_MS),
    );
  };

  const start = async (): Promise<void> => {
    const before = anchors;
    anchors = new Map(targets.map((target) => [target, anchorOf(target)]));
    const existed = new Map(targets.map((target) => [target, exists(target)]));
    const folders = new Set([...anchors.values()].map((anchor) => anchor.folder));
    const entries = new Set([...anchors.values()].map((anchor) => anchor.entry));
    const next = watch([...folders], {
      ignoreInitial: true,
      depth: 0,
      followSymlinks: false,
      usePolling: false,
      atomic: false,
      ignored: (path: string) => !folders.has(path) && !entries.has(path),
    });
    next.on('all', (_event, path) => {
      if (next !== watcher) return;
      let moved = folders.has(path); // a watched folder itself went
      for (const [target, anchor] of anchors) {
        if (anchor.entry !== path) continue;
        if (anchor.direct) report(target);
        else moved = true; // a folder on the way appeared
      }
      if (moved) rebuild();
    });
    // An error (a folder gone, the inotify limit) leaves the names unwatched:
    // the calls still read them from disk, only the pushes stop.
    next.on('error', () => undefined);
    await new Promise<void>((ready) => next.once('ready', () => ready()));
    const previous = watcher;
    watcher = next;
    await previous?.close();
    if (closed) {
      watcher = null;
      await next.close();
      return;
    }
    // What changed while this watch was getting ready was not seen: a name
    // made or removed meanwhile is reported, a folder made meanwhile moves
    // the watch down; so is a file that came with a folder we waited for.
    let moved = false;
    for (const [target, anchor] of anchors) {
      const now = anchorOf(target);
      if (now.folder !== anchor.folder || now.entry !== anchor.entry) moved = true;
      else if (exists(target) !== existed.get(target)) report(target);
      const was = before.get(target);
      if (was !== undefined && !was.direct && anchor.direct && exists(target)) report(target);
    }
    if (moved) rebuild();
  };

  const rebuild = () => {
    rebuilding = rebuilding.then(start, start);
  };

  rebuilding = start();
  await rebuilding;
  return {
    close: async () => {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await rebuilding.catch(() => undefined);
      const last = watcher;
      watcher = null;
      await last?.close();
    },
  };
}
