/**
 * The vault's settings file, `<home>/settings.json`: read and checked with the
 * contract's schema (every field has a default, so an older or hand-trimmed
 * file still loads), changed only under the home's `.settings.lock` and
 * written atomically at 0600, like providers.json and links.json.
 *
 * A file that fails the checks is a bad-input error naming it and the field;
 * it is never overwritten, since it may hold roots the user still wants.
 */
import { isAbsolute, resolve } from 'node:path';
import { rootSettingsSchema, settingsSchema, type Settings } from '@shared/schemas/settings';
import { VaultError } from '../errors';
import type { LockOptions } from '../locks/file-lock';
import { ConfigFile } from '../providers/config-file';
import { vaultPaths } from '../vault-paths';
import type { SettingsSource } from './session-context';

export const SETTINGS_FILE = 'settings.json';

/** The schema's verdict on settings made in code, as the file's would be worded. */
function parseSettings(value: Settings): Settings {
  const result = settingsSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'the top';
  throw new VaultError(
    'bad-input',
    `invalid settings in the change: ${where.slice(0, 200)} fails ${issue?.code ?? 'the schema'}`,
  );
}

export class SettingsFile implements SettingsSource {
  readonly defaultRoot: string;
  private readonly file: ConfigFile<Settings>;

  constructor(home: string, lock: LockOptions = {}) {
    this.defaultRoot = vaultPaths(resolve(home)).defaultBearerRoot;
    this.file = new ConfigFile(
      resolve(home),
      SETTINGS_FILE,
      settingsSchema,
      () => settingsSchema.parse({}),
      lock,
    );
  }

  get path(): string {
    return this.file.path;
  }

  async read(): Promise<Settings> {
    return this.complete(this.file.read(), this.path);
  }

  async update(change: (current: Settings) => Settings): Promise<Settings> {
    return this.file.update((current) => {
      const before = this.complete(current, this.path);
      // The change is checked as the file would be: a caller's bug must not
      // write a file that the next read refuses.
      const next = this.complete(parseSettings(change(before)), 'the change');
      const same = JSON.stringify(next) === JSON.stringify(before);
      return { next: same ? null : next, result: next };
    });
  }

  /**
   * The checks the schema cannot make (paths absolute, each root once), and
   * the default root first, added when the file does not name it.
   */
  private complete(settings: Settings, source: string): Settings {
    const invalid = (where: string, reason: string) =>
      new VaultError('bad-input', `invalid settings in ${source}: ${where} ${reason}`);
    const seen = new Set<string>();
    settings.roots.forEach((root, index) => {
      if (!isAbsolute(root.path)) throw invalid(`roots.${index}.path`, 'is not an absolute path');
      const path = resolve(root.path);
      if (seen.has(path)) throw invalid(`roots.${index}.path`, 'names a root listed before it');
      seen.add(path);
    });
    for (const [field, paths] of [
      ['keyFiles', settings.keyFiles],
      ['tokenFiles', settings.tokenFiles],
    ] as const) {
      paths.forEach((path, index) => {
        if (!isAbsolute(path)) throw invalid(`${field}.${index}`, 'is not an absolute path');
      });
    }
    settings.keepFreshBearers.forEach((ref, index) => {
      if (!isAbsolute(ref.root))
        throw invalid(`keepFreshBearers.${index}.root`, 'is not an absolute path');
    });
    const roots = settings.roots.map((root) => ({ ...root, path: resolve(root.path) }));
    const configuredDefault = roots.find((root) => root.path === this.defaultRoot);
    const others = roots.filter((root) => root.path !== this.defaultRoot);
    return {
      ...settings,
      roots: [configuredDefault ?? rootSettingsSchema.parse({ path: this.defaultRoot }), ...others],
    };
  }
}
