/**
 * The keys slice: one key file's list (the vault's own `keys.json` unless the
 * user picked a configured one), read again on `credvault:keys.changed`.
 *
 * A minted key is the one secret this view ever holds, and it is NOT state:
 * `mintKey` hands it to the caller (the mint dialog keeps it in component
 * state, so closing the dialog forgets it) and stores only the re-read list,
 * which holds hashes. Nothing here may keep a key in clear.
 */
import type { ChannelResponse, EventPayload } from '@shared/contract';
import { errorMessage } from '../api/client';
import type { SliceGet, SliceSet, StoreDeps } from './app-store';

export type KeyList = ChannelResponse<'credvault:keys.list'>;
export type KeyInfo = KeyList['keys'][number];
export type MintedKey = ChannelResponse<'credvault:keys.mint'>;
export type KeysRevoked = ChannelResponse<'credvault:keys.revoke'>;

/** Revoke every key with this name, or the one key whose hash starts so. */
export type RevokeTarget = { name: string } | { hashPrefix: string };

export interface KeysState {
  /** The chosen key file; null: the vault's own (the call leaves `file` out). */
  file: string | null;
  list: KeyList | null;
  loading: boolean;
  error: string | null;
}

export interface KeysSlice {
  keys: KeysState;
  chooseKeyFile(file: string | null): Promise<void>;
  loadKeys(): Promise<void>;
  keysChanged(change: EventPayload<'credvault:keys.changed'>): void;
  /** Mints a key in the chosen file. The answer (with the key) goes to the caller only. */
  mintKey(name: string): Promise<MintedKey>;
  revokeKeys(target: RevokeTarget): Promise<KeysRevoked>;
  /** Writes a just-minted key to the clipboard (the key passes through, never stays). */
  copyMintedKey(key: string): Promise<void>;
}

/** How many keys a revoke would remove, from the list the user is looking at. */
export function keysMatching(keys: readonly KeyInfo[], target: RevokeTarget): number {
  if ('name' in target) return keys.filter((key) => key.name === target.name).length;
  const prefix = target.hashPrefix.toLowerCase();
  return keys.filter((key) => key.hashHex.toLowerCase().startsWith(prefix)).length;
}

export function createKeysSlice(deps: StoreDeps, set: SliceSet, get: SliceGet): KeysSlice {
  const update = (patch: Partial<KeysState>) =>
    set((state) => ({ keys: { ...state.keys, ...patch } }));
  const fileRequest = () => {
    const { file } = get().keys;
    return file === null ? {} : { file };
  };
  // Only the latest list call may write: a slow answer for a file the user
  // has since left must not replace the one now chosen.
  let latestLoad = 0;

  const loadKeys = async () => {
    const load = ++latestLoad;
    update({ loading: true });
    try {
      const list = await deps.client.call('credvault:keys.list', fileRequest());
      if (load === latestLoad) update({ list, loading: false, error: null });
    } catch (error) {
      if (load === latestLoad) update({ loading: false, error: errorMessage(error) });
    }
  };

  return {
    keys: { file: null, list: null, loading: false, error: null },

    chooseKeyFile: async (file) => {
      update({ file, list: null, error: null });
      await loadKeys();
    },

    loadKeys,

    keysChanged: ({ file }) => {
      const { list, loading } = get().keys;
      // Not read yet: the view reads when it opens. A first read under way
      // may have missed this change, and its file's path is not known yet.
      if (list === null ? loading : list.file === file) void loadKeys();
    },

    mintKey: async (name) => {
      const minted = await deps.client.call('credvault:keys.mint', { ...fileRequest(), name });
      void loadKeys();
      return minted;
    },

    revokeKeys: async (target) => {
      const revoked = await deps.client.call('credvault:keys.revoke', {
        ...fileRequest(),
        ...target,
      });
      void loadKeys();
      return revoked;
    },

    copyMintedKey: (key) => deps.writeClipboard(key),
  };
}
