/**
 * The contract, served to our window over Electron IPC (serve-contract.ts
 * hands it the real ipcMain; tests a fake).
 *
 * One transport channel carries call envelopes (`ipcRenderer.invoke`), not
 * one handle per contract channel: the sender check then lives in exactly
 * one listener that every call must pass, a channel added to the contract
 * needs no registration here, and the envelope is the same one the worker's
 * MessagePort and the browser bridge carry, so serveCall's checks apply
 * unchanged.
 *
 * Order, for every message: who sent it (our window's webContents, its main
 * frame, a page from the app:// origin) BEFORE anything else is read from
 * it; then the envelope, the channel's name and the payload against the
 * channel's schema (serveCall); only then is the call forwarded to the vault
 * worker, connected as 'ipc' so the path policy for pages applies. Anything
 * refused gets the contract's error shape; nothing here ever throws back
 * into Electron.
 */
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  type CredvaultClient,
  type EventEnvelope,
  type EventName,
  type EventPayload,
  type ResultEnvelope,
  type Unsubscribe,
} from '@shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '@shared/ipc-channels';
import type { HandlerTable } from '../../core/api/handler-table';
import { errorResult, readCallId, serveCall } from '../../core/api/serve-call';

/** The members of Electron's WebFrameMain that name a frame. */
export interface FrameIdentity {
  readonly processId: number;
  readonly routingId: number;
  readonly url: string;
  readonly detached?: boolean;
}

/** What Electron's IpcMainInvokeEvent tells about the sender. */
export interface InvokeEvent {
  readonly sender: unknown;
  readonly senderFrame: FrameIdentity | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: InvokeEvent, message: unknown) => unknown): void;
  removeHandler(channel: string): void;
}

/** The members of our window's WebContents used here. */
export interface WindowContents {
  readonly mainFrame: FrameIdentity;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface ServeContractOptions {
  ipcMain: IpcMainPort;
  /** Our window's contents, or null while there is no window. */
  contents(): WindowContents | null;
  /** The only origin our pages load from, e.g. `app://credvault`. */
  origin: string;
  /** The vault, connected as 'ipc' (a page's calls: the path policy applies). */
  client: CredvaultClient;
  /** Told why a message was refused (our words only, never the message). */
  onRefused?: (reason: string) => void;
}

export interface ServedContract {
  /** Pushes an event to the window (e.g. `credvault:bearers.open` after a click). */
  sendEvent<E extends EventName>(event: E, payload: EventPayload<E>): void;
  stop(): void;
}

/**
 * `scheme://host` of a URL. Not URL.origin, which is the opaque "null" for
 * every scheme WHATWG does not know (app: among them).
 */
function originOf(url: string): string | null {
  try {
    const { protocol, host } = new URL(url);
    return host === '' ? null : `${protocol}//${host}`;
  } catch {
    return null;
  }
}

function sameFrame(a: FrameIdentity, b: FrameIdentity): boolean {
  return a.processId === b.processId && a.routingId === b.routingId;
}

/** Why this sender may not call, or null when it is our window's own page. */
export function senderProblem(
  event: InvokeEvent,
  contents: WindowContents | null,
  origin: string,
): string | null {
  if (contents === null || contents.isDestroyed()) return 'there is no window';
  if (event.sender !== contents) return 'the sender is not our window';
  const frame = event.senderFrame;
  if (frame === null || frame.detached === true) return 'the sending frame is gone';
  if (!sameFrame(frame, contents.mainFrame)) return 'the sender is not the main frame';
  if (originOf(frame.url) !== origin) return 'the sending page is not from the app';
  return null;
}

/** A table that hands every call, already checked, to the vault worker. */
function forwardingTable(client: CredvaultClient): HandlerTable {
  const table: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    table[channel] = (request: unknown) => client.call(channel, request as never);
  }
  return table as HandlerTable;
}

const FORBIDDEN = {
  kind: 'forbidden',
  message: 'this caller may not use the vault',
  input: null,
} as const;

export function serveContract(options: ServeContractOptions): ServedContract {
  const { ipcMain, origin, client } = options;
  const table = forwardingTable(client);

  async function onCall(event: InvokeEvent, message: unknown): Promise<ResultEnvelope> {
    let problem: string | null;
    try {
      problem = senderProblem(event, options.contents(), origin);
    } catch {
      problem = 'the sender could not be checked';
    }
    if (problem !== null) {
      options.onRefused?.(problem);
      return errorResult(readCallId(message), { ...FORBIDDEN });
    }
    // serveCall never throws: the envelope, the channel, the payload, then the worker.
    return serveCall(table, message, { transport: 'ipc' });
  }

  ipcMain.handle(IPC_CALL_CHANNEL, onCall);

  function post(envelope: EventEnvelope): void {
    const contents = options.contents();
    if (contents === null || contents.isDestroyed()) return;
    try {
      contents.send(IPC_EVENT_CHANNEL, envelope);
    } catch {
      // A window closing under us: the next one reads everything afresh.
    }
  }

  const stops: Unsubscribe[] = EVENT_NAMES.map((event) =>
    client.subscribe(event, (payload) => post({ type: 'event', event, payload })),
  );

  return {
    sendEvent(event, payload) {
      post({ type: 'event', event, payload });
    },
    stop() {
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
      for (const stop of stops) stop();
    },
  };
}
