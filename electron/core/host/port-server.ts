/**
 * The worker's side of each caller's MessagePort: every call that arrives is
 * served with the caller fixed when the port was handed over, and every
 * session event is forwarded on it. Closing answers calls that arrive late
 * with an error, waits for the calls in flight, then lets go of every port.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorShape } from '@shared/contract';
import { INTERNAL_ERROR } from '../api/error-shape';
import { forwardEvents } from '../api/forward-events';
import type { CallerInfo, HandlerTable } from '../api/handler-table';
import { errorResult, readCallId, serveCall } from '../api/serve-call';
import type { SessionEvents } from '../session/session-api';
import { typeOf } from './worker-protocol';

const CLOSING: ErrorShape = {
  kind: 'environment',
  message: 'the vault is closing; the call was not served',
  input: null,
};

/**
 * Posts, never throws. A result that cannot be cloned (a bug: responses are
 * plain data) is replaced by an internal error for its caller; the clone
 * error itself may quote the value, so it goes nowhere.
 */
function post(port: MessagePort, message: unknown): void {
  try {
    port.postMessage(message);
  } catch {
    if (typeOf(message) === 'result') {
      try {
        port.postMessage(errorResult(readCallId(message), { ...INTERNAL_ERROR }));
      } catch {
        // The port itself is gone: nobody is listening.
      }
    }
  }
}

export class PortServer {
  private readonly stops = new Map<MessagePort, () => void>();
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly table: HandlerTable,
    private readonly session: SessionEvents,
  ) {}

  /** Serves `port` as `caller` until the port closes or the server does. */
  serve(port: MessagePort, caller: CallerInfo): void {
    if (this.closing) {
      port.close();
      return;
    }
    const onMessage = (message: unknown): void => {
      if (this.closing) {
        post(port, errorResult(readCallId(message), CLOSING));
        return;
      }
      const served = serveCall(this.table, message, caller).then((result) => post(port, result));
      this.inFlight.add(served);
      void served.finally(() => this.inFlight.delete(served));
    };
    const stopEvents = forwardEvents(this.session, (envelope) => post(port, envelope));
    const stop = (): void => {
      if (!this.stops.delete(port)) return;
      port.off('message', onMessage);
      stopEvents();
      port.close();
    };
    this.stops.set(port, stop);
    port.on('message', onMessage);
    port.once('close', stop);
  }

  /** How many ports are served (tests). */
  get size(): number {
    return this.stops.size;
  }

  async close(): Promise<void> {
    this.closing = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    for (const stop of [...this.stops.values()]) stop();
  }
}
