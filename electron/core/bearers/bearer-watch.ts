/**
 * Reports which bearers of a root changed, whoever changed them, without
 * polling (chokidar on inotify/FSEvents/ReadDirectoryChangesW). Dot entries
 * (our temp and lock files) are ignored: the rename that ends an atomic write
 * shows up as a change of the real file name. Events are batched briefly,
 * because one write touches three files.
 */
import { watch } from 'chokidar';
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';

export interface RootWatch {
  close(): Promise<void>;
}

export interface RootWatchHandlers {
  /** `rootChanged`: bearers may have appeared or gone (the id list changed). */
  onChange(ids: string[], rootChanged: boolean): void;
  onError(error: Error): void;
}

const BATCH_MS = 25;

/**
 * The root with symlinks resolved: a root that is a symlink is followed, as
 * every command follows it, while chokidar (followSymlinks off, so nothing
 * inside the root is followed) would watch the link and see nothing.
 */
function resolvedRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root; // missing: chokidar reports it as it always has
  }
}

export async function watchBearerRoot(
  givenRoot: string,
  handlers: RootWatchHandlers,
): Promise<RootWatch> {
  const root = resolvedRoot(givenRoot);
  const watcher = watch(root, {
    ignoreInitial: true,
    depth: 1,
    followSymlinks: false,
    usePolling: false,
    atomic: false,
    ignored: (path: string) =>
      relative(root, path)
        .split(sep)
        .some((part) => part.startsWith('.')),
  });
  let pending = new Set<string>();
  let rootChanged = false;
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const ids = [...pending];
    const changedRoot = rootChanged;
    pending = new Set();
    rootChanged = false;
    handlers.onChange(ids, changedRoot);
  };
  watcher.on('all', (event, path) => {
    const parts = relative(root, path).split(sep);
    const id = parts[0];
    if (!id) return; // the root itself
    pending.add(id);
    if (parts.length === 1 && event !== 'change') rootChanged = true;
    timer ??= setTimeout(flush, BATCH_MS);
  });
  watcher.on('error', (error) =>
    handlers.onError(error instanceof Error ? error : new Error(String(error))),
  );
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    close: async () => {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}
