/**
 * The keychain slice: the keychain layer's posture (master key, each root
 * plain or encrypted, records locked), read on demand and again on
 * `credvault:keychain.changed`, and a migration's N of M from
 * `credvault:progress`.
 */
import type { ChannelResponse, EventPayload } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type KeychainPosture = ChannelResponse<'credvault:keychain.status'>;
export type MigrationProgress = EventPayload<'credvault:progress'>;

export interface KeychainState {
  posture: KeychainPosture | null;
  loading: boolean;
  error: string | null;
  /** A keychain enable or disable under way, N of M. */
  migration: MigrationProgress | null;
}

export interface KeychainSlice {
  keychain: KeychainState;
  loadKeychain(): Promise<void>;
  keychainChanged(change: EventPayload<'credvault:keychain.changed'>): void;
  keychainProgress(progress: MigrationProgress): void;
}

export function createKeychainSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): KeychainSlice {
  const update = (patch: Partial<KeychainState>) =>
    set((state) => ({ keychain: { ...state.keychain, ...patch } }));
  let latestLoad = 0;

  const loadKeychain = async () => {
    const load = ++latestLoad;
    update({ loading: true });
    try {
      const posture = await deps.client.call('credvault:keychain.status', {});
      if (load === latestLoad) update({ posture, loading: false, error: null });
    } catch (error) {
      if (load === latestLoad) update({ loading: false, error: errorMessage(error) });
    }
  };

  return {
    keychain: { posture: null, loading: false, error: null, migration: null },
    loadKeychain,
    keychainChanged: () => {
      // Nobody is looking until the section first loads; it reads then.
      if (get().keychain.posture !== null) void loadKeychain();
    },
    keychainProgress: (progress) => {
      if (progress.task === 'list') return;
      update({ migration: progress.done >= progress.total ? null : progress });
    },
  };
}
