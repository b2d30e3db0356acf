/**
 * The worker's side of the host's approval: a question refused when no
 * answer comes in time, and an answer that comes later, or names another
 * question, approves nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOST_CONFIRM_TIMEOUT_MS, HostConfirm } from './host-confirm';
import type { WorkerToHost } from './worker-protocol';

afterEach(() => {
  vi.useRealTimers();
});

function confirmWithLog() {
  const told: WorkerToHost[] = [];
  return { confirm: new HostConfirm((message) => told.push(message)), told };
}

describe('HostConfirm', () => {
  it('asks the host with an id and resolves with the answer to that id only', async () => {
    const { confirm, told } = confirmWithLog();
    const first = confirm.approvePath({ kind: 'root', path: '/a' });
    const second = confirm.approvePath({ kind: 'tokenFile', path: '/b' });
    expect(told).toEqual([
      { type: 'approve-path', id: 1, kind: 'root', path: '/a' },
      { type: 'approve-path', id: 2, kind: 'tokenFile', path: '/b' },
    ]);
    confirm.answer(99, true);
    confirm.answer(2, true);
    confirm.answer(1, 'yes');
    expect(await first).toBe(false);
    expect(await second).toBe(true);
  });

  it('refuses a question with no answer in time, and a late answer approves nothing', async () => {
    vi.useFakeTimers();
    const { confirm } = confirmWithLog();
    const asked = confirm.approvePath({ kind: 'keyFile', path: '/k' });
    vi.advanceTimersByTime(HOST_CONFIRM_TIMEOUT_MS);
    expect(await asked).toBe(false);
    confirm.answer(1, true);
    const next = confirm.approvePath({ kind: 'keyFile', path: '/other' });
    // The late answer was for question 1, not this one.
    confirm.answer(1, true);
    vi.advanceTimersByTime(HOST_CONFIRM_TIMEOUT_MS);
    expect(await next).toBe(false);
  });

  it('refuses what is waiting, and what is asked later, once closed', async () => {
    const { confirm, told } = confirmWithLog();
    const waiting = confirm.approvePath({ kind: 'root', path: '/a' });
    confirm.close();
    expect(await waiting).toBe(false);
    expect(await confirm.approvePath({ kind: 'root', path: '/b' })).toBe(false);
    expect(told).toHaveLength(1);
  });
});
