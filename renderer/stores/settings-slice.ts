/**
 * The settings slice: changes to the vault's settings. The settings
 * themselves are the app slice's (`app.settings`), kept current by
 * `credvault:settings.changed`; each change here is one contract call whose
 * answer is the new settings.
 *
 * Key files and token files are plain lists in the settings patch: adding or
 * removing one sends the whole new list, built from the settings as the
 * vault has them at that moment (read first), not from what the page last
 * saw, so a file another window added meanwhile is not dropped.
 */
import { ContractError, type ChannelRequest } from '@shared/contract';
import type { SliceGet, StoreDeps } from './app-store';
import type { Settings } from './app-info-slice';

export type SettingsPatch = ChannelRequest<'credvault:settings.update'>;
export type RootAdd = ChannelRequest<'credvault:settings.addRoot'>;
export type RootUpdate = ChannelRequest<'credvault:settings.updateRoot'>;

/** The settings' lists of files a page may use once they are configured. */
export type PathListKind = 'keyFiles' | 'tokenFiles';

/** How a list's entries are named in messages. */
export const PATH_LIST_WHAT: Record<PathListKind, string> = {
  keyFiles: 'key file',
  tokenFiles: 'workspace token file',
};

export interface SettingsSlice {
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  addRoot(request: RootAdd): Promise<Settings>;
  updateRoot(request: RootUpdate): Promise<Settings>;
  removeRoot(path: string): Promise<Settings>;
  /** Adds a key file or token file to the settings (the host asks the user first). */
  addListedPath(kind: PathListKind, path: string): Promise<Settings>;
  /** Removes one from the settings only: the file itself is left as it is. */
  removeListedPath(kind: PathListKind, path: string): Promise<Settings>;
}

/** `paths` with `path` appended; refused when it is listed already. */
export function withPath(kind: PathListKind, paths: readonly string[], path: string): string[] {
  if (paths.includes(path)) {
    throw new ContractError({
      kind: 'bad-input',
      message: `${path} is already a configured ${PATH_LIST_WHAT[kind]}`,
      input: 'path',
    });
  }
  return [...paths, path];
}

/** `paths` without `path`; refused when it is not listed (someone removed it meanwhile). */
export function withoutPath(kind: PathListKind, paths: readonly string[], path: string): string[] {
  if (!paths.includes(path)) {
    throw new ContractError({
      kind: 'not-found',
      message: `${path} is not a configured ${PATH_LIST_WHAT[kind]}`,
      input: 'path',
    });
  }
  return paths.filter((candidate) => candidate !== path);
}

export function createSettingsSlice(deps: StoreDeps, get: SliceGet): SettingsSlice {
  const { client } = deps;
  // The answer is applied at once; the event that follows carries the same.
  const applied = (settings: Settings) => {
    get().settingsChanged(settings);
    return settings;
  };
  const updateSettings = async (patch: SettingsPatch) =>
    applied(await client.call('credvault:settings.update', patch));
  const changeList = async (kind: PathListKind, change: (paths: readonly string[]) => string[]) => {
    const current = await client.call('credvault:settings.get', {});
    return updateSettings({ [kind]: change(current[kind]) });
  };

  return {
    updateSettings,
    addRoot: async (request) => applied(await client.call('credvault:settings.addRoot', request)),
    updateRoot: async (request) =>
      applied(await client.call('credvault:settings.updateRoot', request)),
    removeRoot: async (path) =>
      applied(await client.call('credvault:settings.removeRoot', { path })),
    addListedPath: (kind, path) => changeList(kind, (paths) => withPath(kind, paths, path)),
    removeListedPath: (kind, path) => changeList(kind, (paths) => withoutPath(kind, paths, path)),
  };
}
