/**
 * The host's end of one caller's MessagePort to the vault worker, as an
 * EnvelopePort. It remembers which calls are still waiting, so that when the
 * worker dies it can answer each of them with an error instead of leaving a
 * window waiting for ever; after that, every call is answered the same way
 * at once. Channels this process answers itself (the clipboard) are served
 * here and never reach the worker.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ErrorShape, Unsubscribe } from '@shared/contract';
import type { EnvelopePort } from '../api/envelope-client';
import { errorResult, readCallId } from '../api/serve-call';
import type { HostSideServer } from './host-side-handlers';
import { typeOf } from './worker-protocol';

const CLOSED: ErrorShape = {
  kind: 'environment',
  message: 'this connection to the vault is closed',
  input: null,
};

export interface WorkerLinkOptions {
  /** The channels this process answers itself, if any (host-side-handlers.ts). */
  local?: HostSideServer;
  /** Called once, when this end is closed. */
  onClose?: () => void;
}

export type LinkPort = EnvelopePort & {
  /** Stops listening and lets go of the port. */
  close(): void;
};

export class WorkerLink implements LinkPort {
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly waiting = new Set<number>();
  private failure: ErrorShape | null = null;

  private readonly local: HostSideServer | null;
  private readonly onClose: (() => void) | undefined;

  constructor(
    private readonly port: MessagePort,
    options: WorkerLinkOptions = {},
  ) {
    this.local = options.local ?? null;
    this.onClose = options.onClose;
    port.on('message', (message: unknown) => {
      if (typeOf(message) === 'result') this.waiting.delete(readCallId(message));
      this.emit(message);
    });
    // The port's own 'close' is not a reason to fail calls: a dying worker
    // closes its ports before its exit is known, and the host then fails
    // them with the reason (fail()).
  }

  post(message: unknown): void {
    const isCall = typeOf(message) === 'call';
    if (this.failure !== null) {
      if (isCall) this.answerLater(readCallId(message), this.failure);
      return;
    }
    const servedHere = this.local?.serve(message) ?? null;
    if (servedHere !== null) {
      void servedHere.then((result) => this.emit(result));
      return;
    }
    if (isCall) this.waiting.add(readCallId(message));
    try {
      this.port.postMessage(message);
    } catch (error) {
      // Not sent (not plain data): nothing will answer it here.
      if (isCall) this.waiting.delete(readCallId(message));
      throw error;
    }
  }

  onMessage(listener: (message: unknown) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The worker is gone: every waiting call, and every later one, fails with `error`. */
  fail(error: ErrorShape): void {
    if (this.failure !== null) return;
    this.failure = error;
    for (const id of this.waiting) this.answerLater(id, error);
    this.waiting.clear();
    this.port.close();
  }

  close(): void {
    if (this.failure === CLOSED) return;
    this.failure = CLOSED;
    this.local?.close();
    this.listeners.clear();
    this.waiting.clear();
    this.port.close();
    this.onClose?.();
  }

  /** Like a transport, never from inside post(): the caller has registered its call first. */
  private answerLater(id: number, error: ErrorShape): void {
    queueMicrotask(() => this.emit(errorResult(id, error)));
  }

  private emit(message: unknown): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(message);
      } catch {
        // A listener's failure is its own; the port keeps serving the others.
      }
    }
  }
}
