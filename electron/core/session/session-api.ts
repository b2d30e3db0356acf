/**
 * What a vault session offers: one flat, serialisable call per use case, in
 * the contract's own request and response types, so the handler table
 * (electron/core/api/) is a plain mapping and the CLI, the app and the
 * browser all run the very same code for a use case.
 */
import type {
  ChannelName,
  ChannelResponse,
  EventName,
  EventPayload,
  ParsedRequest,
  Unsubscribe,
} from '@shared/contract';

/** `Call<'bearers.list'>`: the session method serving `credvault:bearers.list`. */
export type Call<D extends (ChannelName extends `credvault:${infer Rest}` ? Rest : never)> = (
  request: ParsedRequest<`credvault:${D}`>,
) => Promise<ChannelResponse<`credvault:${D}`>>;

export interface BearerCalls {
  listBearers: Call<'bearers.list'>;
  showBearer: Call<'bearers.show'>;
  revealBearer: Call<'bearers.reveal'>;
  /** The usable token: refreshed first when due, with its warning. */
  bearerToken: Call<'bearers.token'>;
  putBearer: Call<'bearers.put'>;
  /** Always unlinks too. */
  removeBearer: Call<'bearers.remove'>;
  linkBearer: Call<'bearers.link'>;
  refreshBearer: Call<'bearers.refresh'>;
  checkSv: Call<'bearers.checkSv'>;
  setKeepFresh: Call<'bearers.setKeepFresh'>;
}

export interface TokenCalls {
  inspect: Call<'inspect.run'>;
  clientCredentialsToken: Call<'providers.token'>;
}

export interface KeyCalls {
  listKeys: Call<'keys.list'>;
  mintKey: Call<'keys.mint'>;
  validateKey: Call<'keys.validate'>;
  revokeKeys: Call<'keys.revoke'>;
}

export interface WorkspaceCalls {
  listTokenFiles: Call<'workspace.list'>;
  revealTokenFile: Call<'workspace.reveal'>;
  setTokenFile: Call<'workspace.set'>;
}

export interface ProviderCalls {
  listProviders: Call<'providers.list'>;
  addProvider: Call<'providers.add'>;
  editProvider: Call<'providers.edit'>;
  removeProvider: Call<'providers.remove'>;
}

export interface SettingsCalls {
  getSettings: Call<'settings.get'>;
  updateSettings: Call<'settings.update'>;
  addRoot: Call<'settings.addRoot'>;
  updateRoot: Call<'settings.updateRoot'>;
  removeRoot: Call<'settings.removeRoot'>;
}

/** The keychain layer: the storage posture, encryption per root, Retry. */
export interface KeychainCalls {
  keychainStatus: Call<'keychain.status'>;
  /** Turns a root's encryption on (refused for a shared root unless `force`). */
  enableKeychain: Call<'keychain.enable'>;
  disableKeychain: Call<'keychain.disable'>;
  /** Reads the master key again (after the user unlocked the keyring). */
  retryKeychain: Call<'keychain.retry'>;
}

export interface SessionEvents {
  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe;
}

export interface SessionLifecycle {
  readonly home: string;
  /**
   * Starts one watch per configured root (only long-running front ends call
   * this; a CLI command reads without one). Idempotent.
   */
  startWatching(): Promise<void>;
  /** After sleep: re-plans whatever waits on the clock. */
  resume(): void;
  /** Releases every watch and timer. */
  close(): Promise<void>;
}

export interface VaultSession
  extends
    BearerCalls,
    TokenCalls,
    KeyCalls,
    WorkspaceCalls,
    ProviderCalls,
    SettingsCalls,
    KeychainCalls,
    SessionEvents,
    SessionLifecycle {}
