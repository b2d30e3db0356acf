/**
 * A CredvaultClient for the renderer's unit tests: each channel answers from
 * a handler the test gives (a channel without one fails as the vault would
 * for a missing bearer), every call is recorded, and `emit` pushes an event
 * to the subscribers as a transport would. Answers can be held back with
 * `hold` to test what happens while a call is on its way.
 */
import {
  ContractError,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type CredvaultClient,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from '@shared/contract';
import type { BearerSummary } from '../lib/bearer-ref';
import type { StoreDeps } from '../stores/app-store';

type Handler<C extends ChannelName> = (
  request: ChannelRequest<C>,
) => ChannelResponse<C> | Promise<ChannelResponse<C>>;
export type Handlers = { [C in ChannelName]?: Handler<C> };

export interface RecordedCall {
  channel: ChannelName;
  request: unknown;
}

export class FakeVaultClient implements CredvaultClient {
  readonly calls: RecordedCall[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly held: Array<() => void> = [];
  private holding = false;

  constructor(public handlers: Handlers = {}) {}

  async call<C extends ChannelName>(
    channel: C,
    request: ChannelRequest<C>,
  ): Promise<ChannelResponse<C>> {
    this.calls.push({ channel, request });
    if (this.holding) await new Promise<void>((release) => this.held.push(release));
    const handler = this.handlers[channel] as Handler<C> | undefined;
    if (handler === undefined) {
      throw new ContractError({
        kind: 'not-found',
        message: `no handler for ${channel}`,
        input: null,
      });
    }
    return handler(request);
  }

  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Calls made from now on wait until `release()`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const release of this.held.splice(0)) release();
  }

  callsTo(channel: ChannelName): unknown[] {
    return this.calls.filter((call) => call.channel === channel).map((call) => call.request);
  }
}

export const ROOT = '/home/dev/.credvault/bearers';

export function summary(id: string, patch: Partial<BearerSummary> = {}): BearerSummary {
  return {
    root: ROOT,
    id,
    status: 'ok',
    expiresAtUnix: 2_000_000_000,
    windowS: 300,
    error: null,
    warning: null,
    tokenKind: 'jwt',
    provider: null,
    keepFresh: false,
    storage: 'plain',
    lastRefresh: null,
    ...patch,
  };
}

/** Deps whose scheduled work runs at once and whose clipboard is a list. */
export function fakeDeps(client: FakeVaultClient, now = 1_900_000_000) {
  const clipboard: string[] = [];
  const deps: StoreDeps = {
    client,
    writeClipboard: async (text) => {
      clipboard.push(text);
    },
    schedule: (task) => task(),
    nowUnix: () => now,
  };
  return { deps, clipboard };
}
