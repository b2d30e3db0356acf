/**
 * Pushes what other processes change in the files a page shows: the
 * settings file (`credvault:settings.changed`), the vault's key file and the
 * configured key files (`credvault:keys.changed`), and a configured bearer
 * root that did not exist yet (it gets its watch as soon as it is made).
 * One path watch (path-watch.ts) over all of them, replaced when the
 * settings change what it should cover.
 *
 * Settings, and a key file, are announced only when they differ from what
 * the session last announced (its own changes are announced by the calls
 * that make them, so the watch's echo of those is silent; anything that
 * landed before such an announcement is covered by it, since subscribers
 * read after it). A settings file that turns invalid
 * is reported once, not announced: subscribers keep the last good settings,
 * and the calls that read it name the file and the field.
 */
import { hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Settings } from '@shared/schemas/settings';
import type { EventHub } from './event-hub';
import { watchPaths, type PathWatch } from './path-watch';
import type { SettingsSource } from './session-context';

export interface ConfigFilesWatchOptions {
  events: EventHub;
  settings: SettingsSource;
  settingsPath: string;
  /** The vault's own key file (watched even before it exists). */
  defaultKeyFile: string;
  /** Brings the bearer roots' watches in line with the settings (a new root, made now). */
  refreshRoots: () => Promise<unknown>;
  /** Tells the user about a problem the session carries on through (once per problem). */
  warn: (message: string) => void;
  /** Tests: the path watch (default: chokidar's, path-watch.ts). */
  watchPaths?: typeof watchPaths;
}

export class ConfigFilesWatch {
  private watch: PathWatch | null = null;
  private watchedKey = '';
  private keyFiles = new Set<string>();
  private missingRoots = new Set<string>();
  /** What subscribers were last told, as JSON; null: nothing good read yet. */
  private known: string | null = null;
  private reportedInvalid = false;
  /** Each key file's bytes when last announced (a digest; 'absent' for no file). */
  private readonly announcedKeys = new Map<string, string | null>();
  private started = false;
  private closed = false;
  /** Rewatches and settings reads run one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly stopFollowing: () => void;
  private readonly stopFollowingKeys: () => void;

  constructor(private readonly options: ConfigFilesWatchOptions) {
    // Every announcement, ours or this watch's, is what subscribers now know.
    this.stopFollowing = options.events.subscribe('credvault:settings.changed', (settings) => {
      this.known = JSON.stringify(settings);
      if (this.started) this.enqueue(() => this.follow(settings));
    });
    this.stopFollowingKeys = options.events.subscribe('credvault:keys.changed', ({ file }) => {
      if (this.started) this.announcedKeys.set(file, digestOf(file));
    });
  }

  /** Starts watching; resolves once the watch is ready. Idempotent. */
  async start(): Promise<void> {
    if (this.started || this.closed) return this.queue;
    this.started = true;
    this.enqueue(async () => {
      const settings = await this.readSettings();
      if (settings !== null) this.known ??= JSON.stringify(settings);
      await this.follow(settings);
      // Changed between that read and the watch being ready: not seen by it.
      await this.settingsChanged();
    });
    return this.queue;
  }

  /** Resolves once every change seen so far is handled (tests). */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.queue;
      await seen;
    } while (seen !== this.queue);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopFollowing();
    this.stopFollowingKeys();
    await this.queue;
    await this.watch?.close();
    this.watch = null;
  }

  private enqueue(step: () => Promise<void>): void {
    this.queue = this.queue.then(step).catch(() => undefined);
  }

  /** Points the watch at what `settings` name (null: the settings file is not valid). */
  private async follow(settings: Settings | null): Promise<void> {
    if (this.closed) return;
    const keyFilesBefore = new Set(this.keyFiles);
    if (settings !== null) {
      this.keyFiles = new Set(
        [this.options.defaultKeyFile, ...settings.keyFiles].map((path) => resolve(path)),
      );
      this.missingRoots = new Set(
        settings.roots.map((root) => root.path).filter((path) => !existsSync(path)),
      );
    } else {
      this.keyFiles.add(resolve(this.options.defaultKeyFile));
    }
    const targets = [this.options.settingsPath, ...this.keyFiles, ...this.missingRoots].sort();
    const key = JSON.stringify(targets);
    if (this.watch !== null && key === this.watchedKey) return;
    const previous = this.watch;
    const watch = this.options.watchPaths ?? watchPaths;
    this.watch = await watch(targets, { onChange: (target) => this.changed(target) });
    this.watchedKey = key;
    await previous?.close();
    if (previous === null) return;
    // A key file newly configured may have changed before its watch was ready.
    for (const file of this.keyFiles)
      if (!keyFilesBefore.has(file) && existsSync(file))
        this.options.events.emit('credvault:keys.changed', { file });
  }

  private changed(target: string): void {
    if (this.closed) return;
    if (target === this.options.settingsPath) this.enqueue(() => this.settingsChanged());
    if (this.keyFiles.has(target)) this.keyFileChanged(target);
    if (this.missingRoots.has(target))
      this.enqueue(async () => {
        await this.options.refreshRoots().catch(() => undefined);
        await this.follow(await this.readSettings());
      });
  }

  private keyFileChanged(file: string): void {
    const digest = digestOf(file);
    const announced = this.announcedKeys.get(file);
    if (digest !== null && announced !== undefined && digest === announced) return;
    this.options.events.emit('credvault:keys.changed', { file });
  }

  private async settingsChanged(): Promise<void> {
    const settings = await this.readSettings();
    if (settings === null || this.closed) return;
    // Announcing updates `known` and, through the session, the roots' watches.
    if (JSON.stringify(settings) !== this.known)
      this.options.events.emit('credvault:settings.changed', settings);
  }

  /** The settings now; null (reported once until they are good again) when invalid. */
  private async readSettings(): Promise<Settings | null> {
    try {
      const settings = await this.options.settings.read();
      this.reportedInvalid = false;
      return settings;
    } catch (error) {
      if (!this.reportedInvalid) {
        this.reportedInvalid = true;
        this.options.warn(
          `${error instanceof Error ? error.message : String(error)}; keeping the settings as they were until it is fixed`,
        );
      }
      return null;
    }
  }
}

/** A digest of the file's bytes, 'absent' when there is none; null when it cannot be read. */
function digestOf(file: string): string | null {
  try {
    return hash('sha256', readFileSync(file), 'hex');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : null;
  }
}
