/**
 * What every client of the contract does the same way, whatever carries its
 * messages (the worker's MessagePort, the preload's IPC, the browser's
 * fetch): hand checked events to subscribers, and read a call's result
 * envelope. Nothing that arrives is believed before it parses, and nothing
 * that arrives is ever thrown back into the transport.
 */
import {
  EVENTS,
  eventEnvelopeSchema,
  isEventName,
  resultEnvelopeSchema,
  type ErrorShape,
  type EventName,
  type EventPayload,
  type Unsubscribe,
} from './contract';

/** The subscribers of one client, by event. */
export class EventSubscribers {
  private readonly byEvent = new Map<EventName, Set<(payload: unknown) => void>>();

  subscribe<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe {
    // The page may call this with anything (the preload exposes it as is).
    if (!isEventName(event)) throw new TypeError('unknown event: not in the contract');
    if (typeof listener !== 'function') throw new TypeError('the listener is not a function');
    let set = this.byEvent.get(event);
    if (set === undefined) {
      set = new Set();
      this.byEvent.set(event, set);
    }
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Delivers an event envelope whose payload parses with its event's schema; drops anything else. */
  deliver(message: unknown): void {
    const envelope = eventEnvelopeSchema.safeParse(message);
    if (!envelope.success || !isEventName(envelope.data.event)) return;
    const { event } = envelope.data;
    const payload = EVENTS[event].safeParse(envelope.data.payload);
    if (!payload.success) return;
    for (const listener of [...(this.byEvent.get(event) ?? [])]) {
      try {
        listener(payload.data);
      } catch {
        // A failing subscriber is its own problem; the others still hear.
      }
    }
  }

  clear(): void {
    this.byEvent.clear();
  }
}

export type ReadResult =
  { ok: true; id: number; value: unknown } | { ok: false; id: number | null; error: ErrorShape };

/**
 * A result envelope, read. Its value is not parsed again: the server answers
 * from its handler table, whose responses are checked against their schemas
 * in tests, and parsing 10,000 bearer summaries twice would cost the
 * caller's thread ~15 ms per list. `malformed` is the caller's own words for
 * an answer that is not a result envelope.
 */
export function readResult(message: unknown, malformed: ErrorShape): ReadResult {
  const result = resultEnvelopeSchema.safeParse(message);
  if (!result.success) return { ok: false, id: idOf(message), error: malformed };
  if (result.data.ok) return { ok: true, id: result.data.id, value: result.data.value };
  return { ok: false, id: result.data.id, error: result.data.error };
}

function idOf(message: unknown): number | null {
  if (message === null || typeof message !== 'object' || !Object.hasOwn(message, 'id')) return null;
  const { id } = message as { id: unknown };
  return typeof id === 'number' ? id : null;
}
