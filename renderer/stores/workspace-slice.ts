/**
 * The workspace slice: the configured workspace token files (`.auth_token`),
 * whether each holds a token. A token itself is never state: Reveal hands it
 * to the caller, which keeps it in component state only.
 */
import type { ChannelResponse } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceSet, StoreDeps } from './app-store';

export type TokenFileInfo = ChannelResponse<'credvault:workspace.list'>['files'][number];

export interface WorkspaceState {
  files: readonly TokenFileInfo[] | null;
  loading: boolean;
  error: string | null;
}

export interface WorkspaceSlice {
  workspace: WorkspaceState;
  loadTokenFiles(): Promise<void>;
}

export function createWorkspaceSlice(deps: StoreDeps, set: SliceSet): WorkspaceSlice {
  const update = (patch: Partial<WorkspaceState>) =>
    set((state) => ({ workspace: { ...state.workspace, ...patch } }));
  let latestLoad = 0;
  return {
    workspace: { files: null, loading: false, error: null },
    loadTokenFiles: async () => {
      const load = ++latestLoad;
      update({ loading: true });
      try {
        const { files } = await deps.client.call('credvault:workspace.list', {});
        if (load === latestLoad) update({ files, loading: false, error: null });
      } catch (error) {
        if (load === latestLoad) update({ loading: false, error: errorMessage(error) });
      }
    },
  };
}
