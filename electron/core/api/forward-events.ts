/**
 * The server half of events: every session event, as an event envelope on
 * one transport. The session's hub already shields itself from a listener
 * that throws (a port closed under us), so one gone transport never stops
 * the others.
 */
import { EVENT_NAMES, type EventEnvelope, type Unsubscribe } from '@shared/contract';
import type { SessionEvents } from '../session/session-api';

export function forwardEvents(
  session: SessionEvents,
  post: (envelope: EventEnvelope) => void,
): Unsubscribe {
  const stops = EVENT_NAMES.map((event) =>
    session.subscribe(event, (payload) => post({ type: 'event', event, payload })),
  );
  return () => {
    for (const stop of stops) stop();
  };
}
