/**
 * The app slice: which front end this is (desktop or browser: Copy works
 * differently), the vault's version and home, and the settings the shell
 * uses (the theme, the roots whose change means listing again).
 */
import type { ChannelResponse, EventPayload } from '@shared/contract';
import { errorMessage, type ConnectionState } from '../api/client';
import type { SliceSet, StoreDeps } from './app-store';

export type AppInfo = ChannelResponse<'credvault:app.info'>;
export type Settings = EventPayload<'credvault:settings.changed'>;
export type ThemeSetting = Settings['theme'];
export type RootSettings = Settings['roots'][number];

export interface AppInfoState {
  info: AppInfo | null;
  /** The vault's settings as last read or pushed; null before the first read. */
  settings: Settings | null;
  theme: ThemeSetting;
  /** The configured roots, in the settings' order. */
  roots: readonly RootSettings[];
  /** Key files the settings name besides the vault's own (the Keys view offers them). */
  keyFiles: readonly string[];
  error: string | null;
  /** The link to the vault (only the browser's can drop). */
  connection: ConnectionState;
}

export interface AppInfoSlice {
  app: AppInfoState;
  loadAppInfo(): Promise<void>;
  settingsChanged(settings: Settings): void;
  connectionChanged(connection: ConnectionState): void;
}

export function createAppInfoSlice(deps: StoreDeps, set: SliceSet): AppInfoSlice {
  const update = (patch: Partial<AppInfoState>) =>
    set((state) => ({ app: { ...state.app, ...patch } }));
  const fromSettings = (settings: Settings) => ({
    settings,
    theme: settings.theme,
    roots: settings.roots,
    keyFiles: settings.keyFiles,
  });

  return {
    app: {
      info: null,
      settings: null,
      theme: 'system',
      roots: [],
      keyFiles: [],
      error: null,
      connection: 'connected',
    },

    loadAppInfo: async () => {
      try {
        const [info, settings] = await Promise.all([
          deps.client.call('credvault:app.info', {}),
          deps.client.call('credvault:settings.get', {}),
        ]);
        update({ info, ...fromSettings(settings), error: null });
      } catch (error) {
        update({ error: errorMessage(error) });
      }
    },

    settingsChanged: (settings) => update(fromSettings(settings)),

    connectionChanged: (connection) => update({ connection }),
  };
}
