/**
 * The providers slice: the configured OAuth providers (never their client
 * secrets: the vault answers only whether one is stored), read again on
 * `credvault:providers.changed`.
 *
 * A client secret travels inwards only, through `addProvider` or
 * `editProvider`. A token from
 * Get token is NOT state: `getToken` hands it to the caller (the dialog
 * keeps it masked in component state, so closing the dialog forgets it).
 */
import type { ChannelRequest, ChannelResponse } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type ProviderInfo = ChannelResponse<'credvault:providers.list'>['providers'][number];
export type ProviderAdd = ChannelRequest<'credvault:providers.add'>;
export type ProviderEdit = ChannelRequest<'credvault:providers.edit'>;
export type ProviderRemoved = ChannelResponse<'credvault:providers.remove'>;
export type ProviderToken = ChannelResponse<'credvault:providers.token'>;
export type TokenRequest = ChannelRequest<'credvault:providers.token'>;

export interface ProvidersState {
  list: readonly ProviderInfo[] | null;
  loading: boolean;
  error: string | null;
}

export interface ProvidersSlice {
  providers: ProvidersState;
  loadProviders(): Promise<void>;
  providersChanged(): void;
  addProvider(request: ProviderAdd): Promise<ProviderInfo>;
  /** Changes only the fields given; the stored client secret stays unless a new one is. */
  editProvider(request: ProviderEdit): Promise<ProviderInfo>;
  /** Without `force` the vault refuses while bearers are linked; with it, unlinks them. */
  removeProvider(name: string, force: boolean): Promise<ProviderRemoved>;
  /** client_credentials: the token goes to the caller, or into a bearer with `storeAs`. */
  getToken(request: TokenRequest): Promise<ProviderToken>;
  /** Writes a token the user asked for to the clipboard (it passes through, never stays). */
  copyProviderToken(token: string): Promise<void>;
}

export function createProvidersSlice(
  deps: StoreDeps,
  set: SliceSet,
  get: SliceGet,
): ProvidersSlice {
  const update = (patch: Partial<ProvidersState>) =>
    set((state) => ({ providers: { ...state.providers, ...patch } }));
  let latestLoad = 0;

  const loadProviders = async () => {
    const load = ++latestLoad;
    update({ loading: true });
    try {
      const { providers } = await deps.client.call('credvault:providers.list', {});
      if (load === latestLoad) update({ list: providers, loading: false, error: null });
    } catch (error) {
      if (load === latestLoad) update({ loading: false, error: errorMessage(error) });
    }
  };

  return {
    providers: { list: null, loading: false, error: null },

    loadProviders,

    providersChanged: () => {
      // Nobody is looking until the view first loads; it reads then.
      if (get().providers.list !== null) void loadProviders();
    },

    addProvider: async (request) => {
      const added = await deps.client.call('credvault:providers.add', request);
      void loadProviders();
      return added;
    },

    editProvider: async (request) => {
      const edited = await deps.client.call('credvault:providers.edit', request);
      void loadProviders();
      return edited;
    },

    removeProvider: async (name, force) => {
      const removed = await deps.client.call('credvault:providers.remove', { name, force });
      void loadProviders();
      return removed;
    },

    getToken: async (request) => {
      const token = await deps.client.call('credvault:providers.token', request);
      // A stored token linked a bearer to the provider: its linked list changed.
      if (token.storedAs !== null) void loadProviders();
      return token;
    },

    copyProviderToken: (token) => deps.writeClipboard(token),
  };
}
