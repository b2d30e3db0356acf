/**
 * `startVaultWorker`: the vault session in a worker thread that this process
 * starts and owns. The core's file I/O is synchronous by design (faster for
 * small files), so the process that owns windows and the tray never runs it:
 * it talks the contract to the worker over MessagePorts, one per caller,
 * with the same envelope every transport carries.
 *
 * Who a caller is gets fixed when its port is opened (`connect(caller)`):
 * a renderer's port is served with the path policy of a page, the host's
 * own port as trusted, and no message on a port can change that.
 *
 * When the host has a ConfirmPort (the app's dialog), the worker asks it
 * before a page's call adds a path (`approve-path`), and gets the user's
 * answer back; a port that fails counts as a refusal. Without one the
 * worker is told nothing, and such calls are refused there.
 *
 * A worker that dies is never this process's death: the calls waiting on it
 * fail with a clear error, later calls fail at once, and `onCrash` listeners
 * hear of it (the owner may start a new host). Plain Node throughout: the
 * Electron main process, the bench and the tests drive it the same way.
 */
import { resolve } from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ContractError, type ErrorShape, type Unsubscribe } from '@shared/contract';
import { createEnvelopeClient, type EnvelopeClient } from '../api/envelope-client';
import type { CallerInfo } from '../api/handler-table';
import type { ConfirmPort, HostMode } from '../api/host-ports';
import type { NamedPath, PathKind } from '../api/path-policy';
import { hostSideServer, type HostSideHandlers } from './host-side-handlers';
import { WorkerLink, type LinkPort } from './worker-link';
import { workerLaunch } from './worker-launch';
import {
  readCaller,
  typeOf,
  type HostToWorker,
  type WorkerStart,
  type WorkerToHost,
} from './worker-protocol';

export interface VaultWorkerOptions {
  home: string;
  /** The worker's environment (CREDVAULT_HTTP_TIMEOUT_MS and the like); this process's by default. */
  env?: Record<string, string | undefined>;
  /** Start one watch per root once the session is open (the app does). */
  watch?: boolean;
  mode: HostMode;
  version: string;
  /** Channels this process answers itself, e.g. `clipboardHandlers(...)` in Electron's main. */
  hostSide?: HostSideHandlers;
  /** Asks the user before a page's call adds a path; without it such calls are refused. */
  confirm?: ConfirmPort;
  /** Another worker script (.mjs as is, .ts through tsx): a bundle elsewhere, a test's. */
  entry?: string;
  /** How long `close()` waits for the worker to close its session and end. */
  closeTimeoutMs?: number;
}

/** How the worker ended: closed its session and ended, was ended after the wait, or had died. */
export type WorkerEnd = 'closed' | 'terminated' | 'crashed';

export interface VaultWorkerHost {
  readonly home: string;
  /** A contract client served as `caller` (the host's own: `{ transport: 'worker' }`). */
  connect(caller: CallerInfo): EnvelopeClient;
  /**
   * The raw port beneath `connect`, for a transport that relays envelopes
   * it received as they are (Electron's IPC from a window).
   */
  openPort(caller: CallerInfo): LinkPort;
  onCrash(listener: (error: ContractError) => void): Unsubscribe;
  /** How many times the worker's event loop has woken so far (the idle bench). */
  loopCount(): Promise<number>;
  /** Finishes the calls in flight, closes the session, ends the worker (bounded). */
  close(): Promise<WorkerEnd>;
}

const DEFAULT_CLOSE_TIMEOUT_MS = 5_000;

const PATH_KINDS: ReadonlySet<string> = new Set<PathKind>(['root', 'keyFile', 'tokenFile']);

/** The worker's question as a NamedPath, or null when it is not one. */
function questionOf(message: unknown): NamedPath | null {
  const { kind, path } = message as { kind?: unknown; path?: unknown };
  if (typeof kind !== 'string' || !PATH_KINDS.has(kind) || typeof path !== 'string') return null;
  return { kind: kind as PathKind, path };
}

/** The user's answer; a port that throws, or answers anything but true, refused. */
async function askUser(confirm: ConfirmPort | undefined, question: NamedPath | null) {
  if (confirm === undefined || question === null) return false;
  try {
    return (await confirm.approvePath(question)) === true;
  } catch {
    return false;
  }
}

const CLOSED: ErrorShape = {
  kind: 'environment',
  message: 'the vault closed before the call was answered',
  input: null,
};

function crashed(exitCode: number): ErrorShape {
  return {
    kind: 'internal',
    message: `the vault stopped unexpectedly (its worker exited with code ${exitCode}); the call was not answered`,
    input: null,
  };
}

function couldNotStart(exitCode: number): ContractError {
  return new ContractError({
    kind: 'environment',
    message: `the vault's worker could not start (it exited with code ${exitCode})`,
    input: null,
  });
}

export async function startVaultWorker(options: VaultWorkerOptions): Promise<VaultWorkerHost> {
  const launch = workerLaunch(options.entry);
  const start: WorkerStart = {
    home: resolve(options.home),
    watch: options.watch ?? false,
    mode: options.mode,
    version: options.version,
    confirm: options.confirm !== undefined,
  };
  const worker = new Worker(launch.script, {
    name: 'credvault-vault',
    workerData: launch.boot === undefined ? start : { ...start, boot: launch.boot },
    env: options.env ?? process.env,
  });
  // An uncaught error in the worker must never become one here; its text
  // is not ours to pass on (it may quote anything), so it is dropped and
  // the exit that follows is reported instead.
  worker.on('error', () => {});
  worker.on('messageerror', () => {});

  const exited = new Promise<number>((resolveExit) => worker.once('exit', resolveExit));
  await new Promise<void>((ready, fail) => {
    const onMessage = (message: WorkerToHost): void => {
      if (typeOf(message) === 'ready') {
        worker.off('message', onMessage);
        ready();
      } else if (typeOf(message) === 'failed') {
        worker.off('message', onMessage);
        void worker.terminate();
        fail(new ContractError((message as Extract<WorkerToHost, { type: 'failed' }>).error));
      }
    };
    worker.on('message', onMessage);
    void exited.then((code) => fail(couldNotStart(code)));
  });
  return new RunningWorker(worker, exited, start.home, options);
}

class RunningWorker implements VaultWorkerHost {
  private readonly links = new Set<WorkerLink>();
  private readonly crashListeners = new Set<(error: ContractError) => void>();
  private readonly loopCountWaiters: Array<{
    resolve(count: number): void;
    reject(error: ContractError): void;
  }> = [];
  private ended: { how: WorkerEnd; error: ErrorShape } | null = null;
  private closing: Promise<WorkerEnd> | null = null;

  constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<number>,
    readonly home: string,
    private readonly options: VaultWorkerOptions,
  ) {
    worker.on('message', (message: WorkerToHost) => {
      if (typeOf(message) === 'loop-count') {
        const { loopCount } = message as Extract<WorkerToHost, { type: 'loop-count' }>;
        this.loopCountWaiters.shift()?.resolve(loopCount);
      } else if (typeOf(message) === 'approve-path') {
        void this.answerPathQuestion(message as Extract<WorkerToHost, { type: 'approve-path' }>);
      }
    });
    void exited.then((code) => {
      if (this.closing === null) this.end('crashed', crashed(code));
      else this.end('closed', CLOSED);
    });
  }

  connect(caller: CallerInfo): EnvelopeClient {
    const port = this.openPort(caller);
    const client = createEnvelopeClient(port);
    return {
      ...client,
      close: () => {
        client.close();
        port.close();
      },
    };
  }

  openPort(caller: CallerInfo): LinkPort {
    const fixed = readCaller(caller);
    if (fixed === null) {
      throw new ContractError({
        kind: 'bad-input',
        message: 'unknown caller transport',
        input: null,
      });
    }
    const local =
      this.options.hostSide === undefined
        ? undefined
        : hostSideServer(this.options.hostSide, fixed, () =>
            createEnvelopeClient(this.link(fixed)),
          );
    return this.link(fixed, local);
  }

  onCrash(listener: (error: ContractError) => void): Unsubscribe {
    this.crashListeners.add(listener);
    return () => {
      this.crashListeners.delete(listener);
    };
  }

  loopCount(): Promise<number> {
    if (this.ended !== null) return Promise.reject(new ContractError(this.ended.error));
    return new Promise((resolveCount, reject) => {
      this.loopCountWaiters.push({ resolve: resolveCount, reject });
      this.tell({ type: 'loop-count' });
    });
  }

  close(): Promise<WorkerEnd> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<WorkerEnd> {
    if (this.ended !== null) return this.ended.how;
    this.tell({ type: 'close' });
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<'terminated'>((resolveLate) => {
      timer = setTimeout(
        () => resolveLate('terminated'),
        this.options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
      );
    });
    const how = await Promise.race([this.exited.then(() => 'closed' as const), outOfTime]);
    clearTimeout(timer);
    if (how === 'terminated') {
      await this.worker.terminate();
      this.end('terminated', CLOSED);
    }
    await this.exited;
    return how;
  }

  /** A new port to the worker, served as `caller`. */
  private link(caller: CallerInfo, local?: ReturnType<typeof hostSideServer>): WorkerLink {
    const { port1, port2 } = new MessageChannel();
    const link: WorkerLink = new WorkerLink(port1, {
      ...(local === undefined ? {} : { local }),
      onClose: () => this.links.delete(link),
    });
    if (this.ended !== null || this.closing !== null) {
      port2.close();
      link.fail(this.ended?.error ?? CLOSED);
      return link;
    }
    this.links.add(link);
    this.tell({ type: 'connect', port: port2, caller }, [port2]);
    return link;
  }

  private async answerPathQuestion(question: Extract<WorkerToHost, { type: 'approve-path' }>) {
    const allowed = await askUser(this.options.confirm, questionOf(question));
    // A worker gone meanwhile has refused the question itself.
    if (this.ended === null) this.tell({ type: 'path-answer', id: question.id, allowed });
  }

  private tell(message: HostToWorker, transfer: MessagePort[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private end(how: WorkerEnd, error: ErrorShape): void {
    if (this.ended !== null) return;
    this.ended = { how, error };
    for (const link of this.links) link.fail(error);
    for (const waiter of this.loopCountWaiters.splice(0)) waiter.reject(new ContractError(error));
    if (how !== 'crashed') return;
    for (const listener of [...this.crashListeners]) {
      try {
        listener(new ContractError(error));
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
