/**
 * The UI's state: small slices combined in one zustand store, each owning
 * one key of the state (`bearers`, `ui`, `refreshes`, `detail`, `app`,
 * `keys`, `providers`, `keychain`, `workspace`; the admin and settings
 * slices only act) and
 * writing only that key; a slice that needs another's data calls its
 * actions. Actions reach the vault through the injected contract client;
 * nothing is persisted (vault data never goes to web storage), and no slice
 * polls: rows change on contract events.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CredvaultClient } from '@shared/contract';
import { createAppInfoSlice, type AppInfoSlice } from './app-info-slice';
import { createBearerAdminSlice, type BearerAdminSlice } from './bearer-admin-slice';
import { createBearersSlice, type BearersSlice } from './bearers-slice';
import { createDetailSlice, type DetailSlice } from './detail-slice';
import { createKeychainSlice, type KeychainSlice } from './keychain-slice';
import { createKeysSlice, type KeysSlice } from './keys-slice';
import { createProvidersSlice, type ProvidersSlice } from './providers-slice';
import { createRefreshSlice, type RefreshSlice } from './refresh-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createUiSlice, type UiSlice } from './ui-slice';
import { createWorkspaceSlice, type WorkspaceSlice } from './workspace-slice';

export type AppState = BearersSlice &
  UiSlice &
  RefreshSlice &
  DetailSlice &
  AppInfoSlice &
  KeysSlice &
  ProvidersSlice &
  BearerAdminSlice &
  SettingsSlice &
  KeychainSlice &
  WorkspaceSlice;
export type AppStore = StoreApi<AppState>;

/** What the actions need from the world, injected so tests can fake each one. */
export interface StoreDeps {
  client: CredvaultClient;
  /** Browser mode's Copy: the page writes the clipboard itself. */
  writeClipboard(text: string): Promise<void>;
  /**
   * Runs coalesced work a moment later, so a burst of change events costs one
   * round of calls. A short timer in the app; at once in tests.
   */
  schedule(task: () => void): void;
  /** Seconds since the epoch (fractional). */
  nowUnix(): number;
}

export type SliceSet = AppStore['setState'];
export type SliceGet = AppStore['getState'];

export function createAppStore(deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createBearersSlice(deps, set, get),
    ...createUiSlice(set),
    ...createRefreshSlice(deps, set, get),
    ...createDetailSlice(deps, set, get),
    ...createAppInfoSlice(deps, set),
    ...createKeysSlice(deps, set, get),
    ...createProvidersSlice(deps, set, get),
    ...createBearerAdminSlice(deps),
    ...createSettingsSlice(deps, get),
    ...createKeychainSlice(deps, set, get),
    ...createWorkspaceSlice(deps, set, get),
  }));
}
