/**
 * The page's vault client, as the sandboxed preload builds it: the
 * contract's CredvaultClient (`call`, `subscribe`) over the two IPC channels
 * of shared/ipc-channels.ts, and nothing else. Channel and event names are
 * the contract's own, checked with isChannelName / isEventName; none is
 * typed here, and a name the contract does not know is refused before
 * anything is sent.
 *
 * A failed call rejects with the contract's error shape as plain data
 * ({ kind, message, input }), not an Error: contextBridge copies an Error
 * into the page as a bare Error with its message only, so `kind` would be
 * lost on the way. The page turns the shape back into a ContractError.
 *
 * Answers and events are checked before they are believed (the envelope,
 * and each event's payload against its schema), as every client of the
 * contract does; the main process is trusted, but a check costs little here.
 */
import { EventSubscribers, readResult } from '@shared/client-kit';
import {
  isChannelName,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type CredvaultClient,
  type ErrorShape,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from '@shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc-channels';

/** The members of Electron's ipcRenderer that the client uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function shape(kind: ErrorShape['kind'], message: string, input: string | null): ErrorShape {
  return Object.freeze({ kind, message, input });
}

const UNKNOWN_CHANNEL = shape('bad-input', 'unknown channel: not in the contract', 'channel');
const NOT_SENT = shape(
  'bad-input',
  'the call could not be sent: its request is not plain data',
  null,
);
const MALFORMED_RESULT = shape('internal', 'the vault sent an answer this page cannot read', null);

export function createPreloadClient(ipc: IpcRendererPort): CredvaultClient {
  // Ids start at 1, as every client of the contract numbers them (0: unreadable).
  let nextId = 1;
  const subscribers = new EventSubscribers();

  ipc.on(IPC_EVENT_CHANNEL, (_event, message) => subscribers.deliver(message));

  async function call<C extends ChannelName>(
    channel: C,
    request: ChannelRequest<C>,
  ): Promise<ChannelResponse<C>> {
    if (!isChannelName(channel)) throw UNKNOWN_CHANNEL;
    const id = nextId++;
    let answer: unknown;
    try {
      answer = await ipc.invoke(IPC_CALL_CHANNEL, { type: 'call', id, channel, payload: request });
    } catch {
      // Electron's clone error quotes the offending value: never pass it on.
      throw NOT_SENT;
    }
    const result = readResult(answer, MALFORMED_RESULT);
    if (result.id !== id) throw MALFORMED_RESULT;
    if (!result.ok) throw shape(result.error.kind, result.error.message, result.error.input);
    return result.value as ChannelResponse<C>;
  }

  function subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe {
    return subscribers.subscribe(event, listener);
  }

  return Object.freeze({ call, subscribe });
}
