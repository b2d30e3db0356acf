/**
 * The keychain slice: the keychain layer's posture (master key, each root
 * plain or encrypted, records locked), read on demand and again on
 * `credvault:keychain.changed`; turning a root's encryption on or off (one
 * migration at a time, its N of M from `credvault:progress`, then its
 * result or error); and Retry after the user unlocked the keyring.
 */
import type { ChannelResponse, EventPayload } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type KeychainPosture = ChannelResponse<'credvault:keychain.status'>;
export type RootPosture = KeychainPosture['roots'][number];
export type MigrationProgress = EventPayload<'credvault:progress'>;

/** The page's own enable or disable: under way, then how it ended (until dismissed). */
export interface KeychainJob {
  root: string;
  /** true: encrypt (enable); false: decrypt (disable). */
  encrypt: boolean;
  state: 'running' | 'done' | 'failed';
  /** The vault's message when it failed (names the root, never a secret). */
  error: string | null;
}

export interface KeychainState {
  posture: KeychainPosture | null;
  loading: boolean;
  error: string | null;
  /** A keychain enable or disable under way, N of M. */
  migration: MigrationProgress | null;
  job: KeychainJob | null;
}

export interface KeychainSlice {
  keychain: KeychainState;
  loadKeychain(): Promise<void>;
  keychainChanged(change: EventPayload<'credvault:keychain.changed'>): void;
  keychainProgress(progress: MigrationProgress): void;
  /**
   * Encrypts (`encrypt`) or decrypts a root's records. Never throws: the
   * outcome is the job's state. `force` encrypts a shared root anyway.
   * Refused (false) while another job runs.
   */
  setRootEncryption(root: string, encrypt: boolean, force?: boolean): Promise<boolean>;
  dismissKeychainJob(): void;
  /** Reads the master key again (after the keyring was unlocked); throws what failed. */
  retryKeychain(): Promise<KeychainPosture>;
}

export function createKeychainSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): KeychainSlice {
  const update = (patch: Partial<KeychainState>) =>
    set((state) => ({ keychain: { ...state.keychain, ...patch } }));
  let latestLoad = 0;

  /** A posture from any call, newer than any read still on its way. */
  const applyPosture = (posture: KeychainPosture) => {
    latestLoad++;
    update({ posture, loading: false, error: null });
  };

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

  const setRootEncryption = async (root: string, encrypt: boolean, force = false) => {
    if (get().keychain.job?.state === 'running') return false;
    update({ job: { root, encrypt, state: 'running', error: null }, migration: null });
    try {
      const posture = encrypt
        ? await deps.client.call('credvault:keychain.enable', { root, force })
        : await deps.client.call('credvault:keychain.disable', { root });
      applyPosture(posture);
      update({ job: { root, encrypt, state: 'done', error: null }, migration: null });
    } catch (error) {
      update({
        job: { root, encrypt, state: 'failed', error: errorMessage(error) },
        migration: null,
      });
      // Part of the root may have been rewritten before it failed: show what is true now.
      void loadKeychain();
    }
    return true;
  };

  return {
    keychain: { posture: null, loading: false, error: null, migration: null, job: null },
    loadKeychain,
    keychainChanged: () => {
      // Nobody is looking until the section first loads; it reads then.
      if (get().keychain.posture !== null) void loadKeychain();
    },
    keychainProgress: (progress) => {
      if (progress.task === 'list') return;
      // Events and answers travel apart: a late N of M must not outlive our job's end.
      const job = get().keychain.job;
      if (job !== null && job.state !== 'running' && job.root === progress.root) return;
      const finished = progress.done >= progress.total;
      update({ migration: finished ? null : progress });
      // Another page's migration ended: its answer went there, so read what is true now.
      if (finished && job?.state !== 'running' && get().keychain.posture !== null) {
        void loadKeychain();
      }
    },
    setRootEncryption,
    dismissKeychainJob: () => {
      if (get().keychain.job?.state !== 'running') update({ job: null });
    },
    retryKeychain: async () => {
      const posture = await deps.client.call('credvault:keychain.retry', {});
      applyPosture(posture);
      return posture;
    },
  };
}
