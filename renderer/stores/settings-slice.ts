/**
 * The settings slice: changes to the vault's settings. The settings
 * themselves are the app slice's (`app.settings`), kept current by
 * `credvault:settings.changed`; each change here is one contract call whose
 * answer is the new settings.
 */
import type { ChannelRequest } from '@shared/contract';
import type { SliceGet, StoreDeps } from './app-store';
import type { Settings } from './app-info-slice';

export type SettingsPatch = ChannelRequest<'credvault:settings.update'>;
export type RootAdd = ChannelRequest<'credvault:settings.addRoot'>;
export type RootUpdate = ChannelRequest<'credvault:settings.updateRoot'>;

export interface SettingsSlice {
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  addRoot(request: RootAdd): Promise<Settings>;
  updateRoot(request: RootUpdate): Promise<Settings>;
  removeRoot(path: string): Promise<Settings>;
}

export function createSettingsSlice(deps: StoreDeps, get: SliceGet): SettingsSlice {
  const { client } = deps;
  // The answer is applied at once; the event that follows carries the same.
  const applied = (settings: Settings) => {
    get().settingsChanged(settings);
    return settings;
  };
  return {
    updateSettings: async (patch) => applied(await client.call('credvault:settings.update', patch)),
    addRoot: async (request) => applied(await client.call('credvault:settings.addRoot', request)),
    updateRoot: async (request) =>
      applied(await client.call('credvault:settings.updateRoot', request)),
    removeRoot: async (path) =>
      applied(await client.call('credvault:settings.removeRoot', { path })),
  };
}
