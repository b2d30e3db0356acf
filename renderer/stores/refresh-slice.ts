/**
 * The refresh slice: each bearer's refresh the user asked for in this page,
 * running or finished, with its outcome (the new expiry) or the server's
 * error in the vault's words. The table and the detail both read it, so a
 * refresh started with `r` shows its progress wherever the user looks.
 */
import type { ChannelResponse } from '@shared/contract';
import { errorMessage } from '../api/client';
import { bearerKey, type BearerRef } from '../lib/bearer-ref';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type RefreshOutcome = ChannelResponse<'credvault:bearers.refresh'>;

export type RefreshEntry =
  | { state: 'running' }
  | { state: 'done'; outcome: RefreshOutcome; atUnix: number }
  | { state: 'failed'; message: string; atUnix: number };

export interface RefreshSlice {
  refreshes: ReadonlyMap<string, RefreshEntry>;
  /** Refreshes now (forced: the user asked), unless one is already running. */
  refreshBearer(ref: BearerRef): Promise<void>;
}

export function createRefreshSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): RefreshSlice {
  const put = (key: string, entry: RefreshEntry) =>
    set((state) => ({ refreshes: new Map(state.refreshes).set(key, entry) }));

  return {
    refreshes: new Map(),

    refreshBearer: async (ref) => {
      const key = bearerKey(ref);
      if (get().refreshes.get(key)?.state === 'running') return;
      put(key, { state: 'running' });
      try {
        const outcome = await deps.client.call('credvault:bearers.refresh', {
          ref: { root: ref.root, id: ref.id },
          force: true,
        });
        put(key, { state: 'done', outcome, atUnix: deps.nowUnix() });
      } catch (error) {
        put(key, { state: 'failed', message: errorMessage(error), atUnix: deps.nowUnix() });
      }
      // The session announces its own write too; reading the row here covers
      // a transport that dropped the event, and a failed refresh's lastRefresh.
      get().bearerTouched(ref);
    },
  };
}
