/**
 * Inside the vault worker: opens the session (and its watches, when asked),
 * tells the host it is ready, then serves each MessagePort the host hands
 * over as the caller the host named for it. The host's own channel carries
 * only the host's requests (connect, close, loop count); calls never travel
 * on it.
 *
 * Host ports are plain data here (mode, version). What needs the host
 * process's own resources (the clipboard, in Electron's main process) is
 * answered there, before a call reaches the worker (host-side-handlers.ts);
 * in the worker such a channel answers `unsupported`. The one exception is
 * the user's approval of a path a page adds: the handler table asks it in
 * the middle of a call, so the worker asks the host on this channel
 * (host-confirm.ts), and only when the host said it can answer.
 */
import { performance } from 'node:perf_hooks';
import { MessagePort } from 'node:worker_threads';
import { toErrorShape } from '../api/error-shape';
import { createHandlerTable } from '../api/handler-table';
import { openVault } from '../session/open-vault';
import type { VaultSession } from '../session/session-api';
import { HostConfirm } from './host-confirm';
import { PortServer } from './port-server';
import {
  readCaller,
  typeOf,
  type HostToWorker,
  type WorkerStart,
  type WorkerToHost,
} from './worker-protocol';
import { sessionTray } from '../session/session-tray';

export type OpenSession = (start: WorkerStart) => Promise<VaultSession>;

const openFromStart: OpenSession = (start) => openVault(start.home, { env: process.env });

async function openAndWatch(start: WorkerStart, open: OpenSession): Promise<VaultSession> {
  const session = await open(start);
  try {
    if (start.watch) await session.startWatching();
    return session;
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
}

/**
 * Runs until the host asks it to close; then the worker's event loop is
 * left empty and the thread ends by itself.
 */
export async function runVaultWorker(
  control: MessagePort,
  start: WorkerStart,
  open: OpenSession = openFromStart,
): Promise<void> {
  const tell = (message: WorkerToHost): void => control.postMessage(message);
  let session: VaultSession;
  try {
    session = await openAndWatch(start, open);
  } catch (error) {
    tell({ type: 'failed', error: toErrorShape(error) });
    return;
  }
  const confirm = start.confirm === true ? new HostConfirm(tell) : undefined;
  const server = new PortServer(
    createHandlerTable(session, {
      mode: start.mode,
      version: start.version,
      tray: sessionTray(session),
      ...(confirm === undefined ? {} : { confirm }),
    }),
    session,
  );

  let closing: Promise<void> | null = null;
  const closeAll = async (): Promise<void> => {
    // A call waiting on the user would hold the close up to the timeout.
    confirm?.close();
    await server.close();
    await session.close().catch(() => {
      // Nothing more to do: the host ends the thread if it does not end.
    });
    control.off('message', onControl);
  };

  function onControl(message: HostToWorker): void {
    switch (typeOf(message)) {
      case 'connect': {
        const { port, caller } = message as Extract<HostToWorker, { type: 'connect' }>;
        if (!(port instanceof MessagePort)) return;
        const fixed = readCaller(caller);
        // An unknown caller gets no service at all rather than a guessed trust.
        if (fixed === null) port.close();
        else server.serve(port, fixed);
        return;
      }
      case 'close':
        closing ??= closeAll();
        return;
      case 'loop-count':
        tell({ type: 'loop-count', loopCount: performance.nodeTiming.uvMetricsInfo.loopCount });
        return;
      case 'path-answer': {
        const { id, allowed } = message as Extract<HostToWorker, { type: 'path-answer' }>;
        confirm?.answer(id, allowed);
        return;
      }
      default:
      // Only the host posts here, and it posts nothing else.
    }
  }

  control.on('message', onControl);
  tell({ type: 'ready' });
}
