/**
 * The contract's client over any message port: numbers its calls, matches
 * results to them by id, and hands events to subscribers. What arrives is
 * checked before it is believed: a result must parse as a result envelope,
 * an event as its event's payload. Nothing that arrives is ever thrown back
 * into the transport; a message that cannot be understood is dropped (or, if
 * it answers a call we are waiting on, fails that call).
 *
 * Response values are not parsed again here: the server answers from the
 * handler table, whose responses are checked against their schemas in
 * tests, and parsing 10,000 bearer summaries twice would cost the caller's
 * thread ~15 ms per list. Only shared/ and zod are used, so the preload or
 * the browser bridge can take this file as it is.
 */
import {
  ContractError,
  EVENTS,
  eventEnvelopeSchema,
  isEventName,
  resultEnvelopeSchema,
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

function idOf(message: unknown): unknown {
  return message !== null && typeof message === 'object' && Object.hasOwn(message, 'id')
    ? (message as { id: unknown }).id
    : undefined;
}

export function createEnvelopeClient(port: EnvelopePort): EnvelopeClient {
  // Ids start at 1: a server answers a call whose id it could not read with 0.
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  function settle(message: unknown): void {
    const result = resultEnvelopeSchema.safeParse(message);
    const id = result.success ? result.data.id : idOf(message);
    const waiting = typeof id === 'number' ? pending.get(id) : undefined;
    if (waiting === undefined) return; // Late, duplicate or foreign: nobody is waiting.
    pending.delete(id as number);
    if (!result.success) waiting.reject(new ContractError(MALFORMED_RESULT));
    else if (result.data.ok) waiting.resolve(result.data.value);
    else waiting.reject(new ContractError(result.data.error));
  }

  function deliver(message: unknown): void {
    const envelope = eventEnvelopeSchema.safeParse(message);
    if (!envelope.success || !isEventName(envelope.data.event)) return;
    const { event } = envelope.data;
    const payload = EVENTS[event].safeParse(envelope.data.payload);
    if (!payload.success) return;
    for (const listener of [...(listeners.get(event) ?? [])]) {
      try {
        listener(payload.data);
      } catch {
        // A failing subscriber is its own problem; the others still hear.
      }
    }
  }

  const stopListening = port.onMessage((message) => {
    try {
      const type = typeOf(message);
      if (type === 'result') settle(message);
      else if (type === 'event') deliver(message);
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
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },

    close(): void {
      if (closed) return;
      closed = true;
      stopListening();
      listeners.clear();
      const waiting = [...pending.values()];
      pending.clear();
      for (const call of waiting) call.reject(new ContractError(CLOSED));
    },
  };
}
