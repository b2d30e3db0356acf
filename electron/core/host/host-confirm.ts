/**
 * The worker's ConfirmPort: the user is in the host process (a dialog in
 * the desktop app), so each question goes to the host on its private
 * channel (`approve-path`) and waits for the `path-answer` with the same id.
 *
 * Only `allowed: true` for a question still waiting approves it. A question
 * with no answer in time is refused (a page must not hold a call open for
 * ever); an answer that comes later, or names no waiting question, is
 * dropped, so it can never approve another path. Closing refuses every
 * question still waiting, now and later.
 */
import type { ConfirmPort } from '../api/host-ports';
import type { NamedPath } from '../api/path-policy';
import type { WorkerToHost } from './worker-protocol';

export const HOST_CONFIRM_TIMEOUT_MS = 120_000;

export class HostConfirm implements ConfirmPort {
  private readonly waiting = new Map<number, (allowed: boolean) => void>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly tell: (message: WorkerToHost) => void,
    private readonly timeoutMs = HOST_CONFIRM_TIMEOUT_MS,
  ) {}

  approvePath(request: NamedPath): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, false), this.timeoutMs);
      this.waiting.set(id, (allowed) => {
        clearTimeout(timer);
        resolve(allowed);
      });
      this.tell({ type: 'approve-path', id, kind: request.kind, path: request.path });
    });
  }

  /** The host's `path-answer`, as posted (checked here: it is data off a channel). */
  answer(id: unknown, allowed: unknown): void {
    if (typeof id !== 'number') return;
    this.settle(id, allowed === true);
  }

  /** The worker is closing: nothing waiting or asked later is approved. */
  close(): void {
    this.closed = true;
    for (const id of [...this.waiting.keys()]) this.settle(id, false);
  }

  private settle(id: number, allowed: boolean): void {
    const settle = this.waiting.get(id);
    if (settle === undefined) return;
    this.waiting.delete(id);
    settle(allowed);
  }
}
