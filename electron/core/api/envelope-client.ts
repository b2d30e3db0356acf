/**
 * The contract's client over any message port: numbers its calls, matches
 * results to them by id, and hands events to subscribers. What arrives is
 * checked before it is believed: a result must parse as a result envelope,
 * an event as its event's payload. Nothing that arrives is ever thrown back
 * into the transport; a message that cannot be understood is dropped (or, if
 * it answers a call we are waiting on, fails that call).
 *
 * The checks themselves are shared/client-kit.ts, which the preload and the
 * browser client use too.
 */
import { EventSubscribers, readResult } from '@shared/client-kit';
import {
  ContractError,
  type CallEnvelope,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type CredvaultClient,
  type ErrorShape,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from '@shared/contract';

/** A two-way message channel: a worker's MessagePort, an IPC pair, a WebSocket. */
export interface EnvelopePort {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): Unsubscribe;
}

export type EnvelopeClient = CredvaultClient & {
  /** Stops listening and fails every call still waiting for its answer. */
  close(): void;
};

interface Pending {
  resolve(value: unknown): void;
  reject(error: ContractError): void;
}

const CLOSED: ErrorShape = {
  kind: 'environment',
  message: 'the connection to the vault closed before the call was answered',
  input: null,
};
const NOT_SENT: ErrorShape = {
  kind: 'bad-input',
  message: 'the call could not be sent: its request is not plain data',
  input: null,
};
const MALFORMED_RESULT: ErrorShape = {
  kind: 'internal',
  message: 'the vault sent an answer this client cannot read',
  input: null,
};

function typeOf(message: unknown): unknown {
  return message !== null && typeof message === 'object' && Object.hasOwn(message, 'type')
    ? (message as { type: unknown }).type
    : undefined;
}

export function createEnvelopeClient(port: EnvelopePort): EnvelopeClient {
  // Ids start at 1: a server answers a call whose id it could not read with 0.
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const subscribers = new EventSubscribers();

  function settle(message: unknown): void {
    const result = readResult(message, MALFORMED_RESULT);
    const waiting = result.id === null ? undefined : pending.get(result.id);
    if (waiting === undefined) return; // Late, duplicate or foreign: nobody is waiting.
    pending.delete(result.id as number);
    if (result.ok) waiting.resolve(result.value);
    else waiting.reject(new ContractError(result.error));
  }

  const stopListening = port.onMessage((message) => {
    try {
      const type = typeOf(message);
      if (type === 'result') settle(message);
      else if (type === 'event') subscribers.deliver(message);
    } catch {
      // Never into the transport: see the module comment.
    }
  });

  return {
    call<C extends ChannelName>(
      channel: C,
      request: ChannelRequest<C>,
    ): Promise<ChannelResponse<C>> {
      if (closed) return Promise.reject(new ContractError(CLOSED));
      const id = nextId++;
      const envelope: CallEnvelope = { type: 'call', id, channel, payload: request };
      return new Promise<ChannelResponse<C>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        try {
          port.post(envelope);
        } catch {
          // A structured-clone error quotes the offending value: never pass it on.
          pending.delete(id);
          reject(new ContractError(NOT_SENT));
        }
      });
    },

    subscribe<E extends EventName>(
      event: E,
      listener: (payload: EventPayload<E>) => void,
    ): Unsubscribe {
      return subscribers.subscribe(event, listener);
    },

    close(): void {
      if (closed) return;
      closed = true;
      stopListening();
      subscribers.clear();
      const waiting = [...pending.values()];
      pending.clear();
      for (const call of waiting) call.reject(new ContractError(CLOSED));
    },
  };
}
