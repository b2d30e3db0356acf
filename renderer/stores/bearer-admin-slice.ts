/**
 * The bearer admin slice: add (put), delete, link and keep-fresh. Each is
 * one contract call; the rows follow from the vault's change events, so the
 * slice keeps no state of its own. A pasted token travels inwards only: it
 * is an argument here, never state, and no answer carries it back.
 */
import { ContractError, type ChannelRequest, type ChannelResponse } from '@shared/contract';
import type { BearerRef, BearerSummary } from '../lib/bearer-ref';
import type { StoreDeps } from './app-store';

export type BearerRecordIn = ChannelRequest<'credvault:bearers.put'>['record'];
export type BearerPut = ChannelResponse<'credvault:bearers.put'>;
export type BearerRemoved = ChannelResponse<'credvault:bearers.remove'>;

export interface BearerAdminSlice {
  /**
   * The bearer as the vault has it now, or null when there is none: asked
   * before an add, since a put replaces an existing bearer without a word.
   */
  findBearer(ref: BearerRef): Promise<BearerSummary | null>;
  /** `force` replaces a bearer whose files are invalid or busy (the vault refuses without it). */
  putBearer(ref: BearerRef, record: BearerRecordIn, force?: boolean): Promise<BearerPut>;
  /** Deletes the bearer: its files and folder, its provider link and its keep-fresh mark. */
  removeBearer(ref: BearerRef): Promise<BearerRemoved>;
  /** `provider: null` unlinks. */
  linkBearer(ref: BearerRef, provider: string | null): Promise<void>;
  setBearerKeepFresh(ref: BearerRef, enabled: boolean): Promise<void>;
}

/** Whether the settings mark this one bearer for keep-fresh (not its whole root). */
export function markedKeepFresh(marked: readonly BearerRef[] | undefined, ref: BearerRef): boolean {
  return (marked ?? []).some((entry) => entry.root === ref.root && entry.id === ref.id);
}

export function createBearerAdminSlice(deps: StoreDeps): BearerAdminSlice {
  const { client } = deps;
  const plainRef = (ref: BearerRef) => ({ root: ref.root, id: ref.id });
  return {
    findBearer: async (ref) => {
      try {
        return await client.call('credvault:bearers.show', { ref: plainRef(ref) });
      } catch (error) {
        if (error instanceof ContractError && error.kind === 'not-found') return null;
        throw error;
      }
    },
    putBearer: (ref, record, force = false) =>
      client.call('credvault:bearers.put', { ref: plainRef(ref), record, force }),
    // One call: the vault unlinks the bearer and drops its keep-fresh mark.
    removeBearer: (ref) => client.call('credvault:bearers.remove', { ref: plainRef(ref) }),
    linkBearer: async (ref, provider) => {
      await client.call('credvault:bearers.link', { ref: plainRef(ref), provider });
    },
    setBearerKeepFresh: async (ref, enabled) => {
      await client.call('credvault:bearers.setKeepFresh', { ref: plainRef(ref), enabled });
    },
  };
}
