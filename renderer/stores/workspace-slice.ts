/**
 * The workspace slice: the configured workspace token files (`.auth_token`),
 * whether each holds a token, and the calls on them (reveal, set, add to and
 * remove from the settings).
 *
 * A token itself is never state: `revealTokenFile` hands it to the caller,
 * which keeps it in component state only (so leaving the view, or Hide,
 * forgets it), and `setTokenFile` sends a pasted one inwards and keeps
 * nothing but the re-read list, which says only whether a token is there.
 */
import type { ChannelResponse } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type TokenFileInfo = ChannelResponse<'credvault:workspace.list'>['files'][number];

export interface WorkspaceState {
  files: readonly TokenFileInfo[] | null;
  loading: boolean;
  error: string | null;
}

export interface WorkspaceSlice {
  workspace: WorkspaceState;
  loadTokenFiles(): Promise<void>;
  /** The token stored in a configured file (null: none), for the caller only. */
  revealTokenFile(path: string): Promise<string | null>;
  /**
   * Stores a pasted token (the vault strips it and refuses an empty one).
   * Resolves false when the same token was already there (nothing written).
   */
  setTokenFile(path: string, token: string): Promise<boolean>;
  /** Adds a path to the settings' token files (the host asks the user first). */
  addTokenFile(path: string): Promise<void>;
  /** Takes a path out of the settings' token files; the file itself stays. */
  removeTokenFile(path: string): Promise<void>;
  /** Writes a revealed token to the clipboard (it passes through, never stays). */
  copyTokenFileToken(token: string): Promise<void>;
}

export function createWorkspaceSlice(
  deps: StoreDeps,
  set: SliceSet,
  get: SliceGet,
): WorkspaceSlice {
  const { client } = deps;
  const update = (patch: Partial<WorkspaceState>) =>
    set((state) => ({ workspace: { ...state.workspace, ...patch } }));
  // Only the latest list call may write: an older, slower answer would
  // bring back a file just removed.
  let latestLoad = 0;

  const loadTokenFiles = async () => {
    const load = ++latestLoad;
    update({ loading: true });
    try {
      const { files } = await client.call('credvault:workspace.list', {});
      if (load === latestLoad) update({ files, loading: false, error: null });
    } catch (error) {
      if (load === latestLoad) update({ loading: false, error: errorMessage(error) });
    }
  };

  return {
    workspace: { files: null, loading: false, error: null },

    loadTokenFiles,

    revealTokenFile: async (path) => {
      const { token } = await client.call('credvault:workspace.reveal', { path });
      return token;
    },

    setTokenFile: async (path, token) => {
      const { written } = await client.call('credvault:workspace.set', { path, token });
      await loadTokenFiles();
      return written;
    },

    // The settings slice changes the list as the vault has it now (another
    // page may have changed it) and applies the answer; then the list is read.
    addTokenFile: async (path) => {
      await get().addListedPath('tokenFiles', path);
      await loadTokenFiles();
    },

    removeTokenFile: async (path) => {
      await get().removeListedPath('tokenFiles', path);
      await loadTokenFiles();
    },

    copyTokenFileToken: (token) => deps.writeClipboard(token),
  };
}
