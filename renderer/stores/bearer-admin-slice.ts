/**
 * The bearer admin slice: add (put), delete, link and keep-fresh. Each is
 * one contract call; the rows follow from the vault's change events, so the
 * slice keeps no state of its own. A pasted token travels inwards only.
 */
import type { ChannelRequest, ChannelResponse } from '@shared/contract';
import type { BearerRef } from '../lib/bearer-ref';
import type { StoreDeps } from './app-store';

export type BearerRecordIn = ChannelRequest<'credvault:bearers.put'>['record'];
export type BearerPut = ChannelResponse<'credvault:bearers.put'>;
export type BearerRemoved = ChannelResponse<'credvault:bearers.remove'>;

export interface BearerAdminSlice {
  putBearer(ref: BearerRef, record: BearerRecordIn, force?: boolean): Promise<BearerPut>;
  removeBearer(ref: BearerRef): Promise<BearerRemoved>;
  /** `provider: null` unlinks. */
  linkBearer(ref: BearerRef, provider: string | null): Promise<void>;
  setBearerKeepFresh(ref: BearerRef, enabled: boolean): Promise<void>;
}

export function createBearerAdminSlice(deps: StoreDeps): BearerAdminSlice {
  const { client } = deps;
  const plainRef = (ref: BearerRef) => ({ root: ref.root, id: ref.id });
  return {
    putBearer: (ref, record, force = false) =>
      client.call('credvault:bearers.put', { ref: plainRef(ref), record, force }),
    removeBearer: (ref) => client.call('credvault:bearers.remove', { ref: plainRef(ref) }),
    linkBearer: async (ref, provider) => {
      await client.call('credvault:bearers.link', { ref: plainRef(ref), provider });
    },
    setBearerKeepFresh: async (ref, enabled) => {
      await client.call('credvault:bearers.setKeepFresh', { ref: plainRef(ref), enabled });
    },
  };
}
