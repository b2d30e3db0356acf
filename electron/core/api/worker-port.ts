/**
 * A node:worker_threads MessagePort as an EnvelopePort, for the worker that
 * hosts the session and for tests. (Electron's MessagePortMain delivers
 * `{ data }` events instead and gets an adapter of its own.)
 */
import type { MessagePort } from 'node:worker_threads';
import type { EnvelopePort } from './envelope-client';

export function fromWorkerPort(port: MessagePort): EnvelopePort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => {
        port.off('message', listener);
      };
    },
  };
}
