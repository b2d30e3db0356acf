/**
 * GET /events: every session event, as one event envelope per line (NDJSON)
 * on a response that stays open. A browser's EventSource cannot send the
 * session header, so the page reads this with fetch and a stream reader.
 *
 * The subscription is made before the headers go out, so a page that waits
 * for the response before its first list misses nothing in between. A blank
 * line every HEARTBEAT_MS keeps idle tunnels open and lets a dead peer be
 * noticed; readers skip blank lines. A reader that stops reading is cut off
 * once its backlog passes MAX_BACKLOG_BYTES (it reconnects and lists again)
 * rather than growing this process's memory without bound.
 */
import type { ServerResponse } from 'node:http';
import { forwardEvents } from '../core/api/forward-events';
import type { SessionEvents } from '../core/session/session-api';
import { SECURITY_HEADERS } from './security-headers';

export const HEARTBEAT_MS = 20_000;
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

export function streamEvents(session: SessionEvents, response: ServerResponse): void {
  const stop = forwardEvents(session, (envelope) => {
    if (response.writableLength > MAX_BACKLOG_BYTES) {
      response.destroy();
      return;
    }
    response.write(`${JSON.stringify(envelope)}\n`);
  });
  const heartbeat = setInterval(() => response.write('\n'), HEARTBEAT_MS);
  heartbeat.unref();
  // The response's 'close' (not the request's, which fires once a body is
  // read) is the peer going away, or the server shutting down.
  response.on('close', () => {
    clearInterval(heartbeat);
    stop();
  });

  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/x-ndjson; charset=utf-8',
  });
  response.flushHeaders();
}
