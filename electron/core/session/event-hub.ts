/**
 * The session's events, typed by the contract. A listener that throws is
 * cut off from that one delivery only: one bad subscriber (a closed window,
 * a dropped browser tab) must never stop the others or the session.
 */
import type { EventName, EventPayload, Unsubscribe } from '@shared/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  subscribe<E extends EventName>(event: E, listener: Listener<E>): Unsubscribe {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as Listener<EventName>;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        listener(payload);
      } catch {
        // See the module comment: a failing subscriber is its own problem.
      }
    }
  }

  /** How many listeners an event has (tests, and skipping work nobody watches). */
  count(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  clear(): void {
    this.listeners.clear();
  }
}
