// A vault worker for the worker host's tests: the real runVaultWorker, plus
// three calls only tests make, seen on each caller's port before the real
// server sees them:
//   test:crash-exit        the thread exits (code 70) on the spot
//   test:crash-throw       an uncaught error ends the thread on the spot
//   test:emit-every-event  the session emits one fixture payload per event
// (The real server then answers the last one `unknown channel`.)
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { EVENT_NAMES, type EventName } from '@shared/contract';
import { runVaultWorker } from '../../electron/core/host/run-vault-worker';
import type { WorkerStart } from '../../electron/core/host/worker-protocol';
import { EventHub } from '../../electron/core/session/event-hub';
import { openVault } from '../../electron/core/session/open-vault';
import { EVENT_FIXTURES } from '../contract-fixtures';

if (parentPort === null) throw new Error('run me as a worker');
const extra = new EventHub();

function channelOf(message: unknown): unknown {
  return (message as { channel?: unknown } | null)?.channel;
}

// Registered before runVaultWorker's own listener, so it sees each port first.
parentPort.on('message', (message: { type?: unknown; port?: unknown }) => {
  if (message.type !== 'connect' || !(message.port instanceof MessagePort)) return;
  message.port.on('message', (call: unknown) => {
    switch (channelOf(call)) {
      case 'test:crash-exit':
        process.exit(70);
        break;
      case 'test:crash-throw':
        // Uncaught: the thread ends before the real server sees the call.
        throw new Error('a bug in the worker');
      case 'test:emit-every-event':
        for (const event of EVENT_NAMES) extra.emit(event, EVENT_FIXTURES[event] as never);
        break;
      default:
    }
  });
});

await runVaultWorker(parentPort, workerData as WorkerStart, async (start) => {
  const session = await openVault(start.home, { env: process.env });
  return {
    ...session,
    subscribe: <E extends EventName>(
      event: E,
      listener: Parameters<typeof session.subscribe<E>>[1],
    ) => {
      const stopReal = session.subscribe(event, listener);
      const stopExtra = extra.subscribe(event, listener);
      return () => {
        stopReal();
        stopExtra();
      };
    },
  };
});
