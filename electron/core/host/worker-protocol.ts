/**
 * What the host and its vault worker say to each other on the worker's own
 * channel (`worker.postMessage` / `parentPort`), apart from the contract
 * itself, which travels on one MessagePort per caller.
 *
 * Who a caller is travels here, once, when the host opens that caller's
 * port, and never on the port afterwards: only code in the host process can
 * post on this channel, so no message a caller sends can choose its own
 * identity.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorShape } from '@shared/contract';
import type { CallerInfo } from '../api/handler-table';
import type { HostMode } from '../api/host-ports';
import type { PathKind } from '../api/path-policy';

/** The worker's `workerData`. */
export interface WorkerStart {
  home: string;
  /** Start one watch per root (the app does; a one-shot tool need not). */
  watch: boolean;
  mode: HostMode;
  version: string;
  /**
   * The host can ask its user to approve a path a page adds
   * (`approve-path`). Without it the worker has no ConfirmPort, and a
   * page's call that adds a path is refused.
   */
  confirm?: boolean;
}

export type HostToWorker =
  /** Serve `port` as `caller` from now on. */
  | { type: 'connect'; port: MessagePort; caller: CallerInfo }
  /** Finish the calls in flight, close the session, then end. */
  | { type: 'close' }
  | { type: 'loop-count' }
  /** The user's answer to the worker's `approve-path` question `id`. */
  | { type: 'path-answer'; id: number; allowed: boolean };

export type WorkerToHost =
  | { type: 'ready' }
  /** The session could not be opened or watched; the worker ends. */
  | { type: 'failed'; error: ErrorShape }
  | { type: 'loop-count'; loopCount: number }
  /** Ask the user (the host's ConfirmPort) whether a page may add `path`; answered by `id`. */
  | { type: 'approve-path'; id: number; kind: PathKind; path: string };

const TRANSPORTS: ReadonlySet<string> = new Set<CallerInfo['transport']>([
  'ipc',
  'web',
  'worker',
  'cli',
]);

/**
 * The caller as a fresh frozen object holding only its transport, or null
 * when it names none we know (the worker then refuses the port rather than
 * guess a level of trust).
 */
export function readCaller(value: unknown): CallerInfo | null {
  if (value === null || typeof value !== 'object' || !Object.hasOwn(value, 'transport')) {
    return null;
  }
  const { transport } = value as { transport: unknown };
  if (typeof transport !== 'string' || !TRANSPORTS.has(transport)) return null;
  return Object.freeze({ transport: transport as CallerInfo['transport'] });
}

export function typeOf(message: unknown): unknown {
  return message !== null && typeof message === 'object' && Object.hasOwn(message, 'type')
    ? (message as { type: unknown }).type
    : undefined;
}
