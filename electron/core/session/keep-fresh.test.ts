/**
 * Keep-fresh's policy with a fake refresh and a fake clock: a linked,
 * opted-in bearer nearing expiry is refreshed once; a failing refresh backs
 * off (doubling from 30 s, capped at 15 min) and says so; bearers it cannot
 * or may not refresh are never touched. (Against a real OAuth server: with
 * the session, in open-vault's tests.)
 */
import { describe, expect, it } from 'vitest';
import { EVENTS } from '@shared/contract';
import type { BearerRef } from '@shared/schemas/common';
import { FakeClock } from '../../../test-support/fake-clock';
import { VaultError } from '../errors';
import { KeepFresh, type KeepFreshBearer, type KeepFreshEvent } from './keep-fresh';

const ROOT = '/vault/bearers';

interface PendingRefresh {
  ref: BearerRef;
  succeed: (expiresAtUnix: number, requested?: boolean) => void;
  fail: (error: unknown) => void;
}

function setup() {
  const clock = new FakeClock();
  const calls: PendingRefresh[] = [];
  const events: KeepFreshEvent[] = [];
  const keepFresh = new KeepFresh({
    clock,
    refresh: (ref) =>
      new Promise((resolve, reject) => {
        calls.push({
          ref,
          succeed: (expiresAtUnix, requested = true) => resolve({ requested, expiresAtUnix }),
          fail: reject,
        });
      }),
    emit: (event) => events.push(EVENTS['credvault:bearers.keepFresh'].parse(event)),
  });
  const bearer = (id: string, extra: Partial<KeepFreshBearer> = {}): KeepFreshBearer => ({
    root: ROOT,
    id,
    status: 'near_expiry',
    expiresAtUnix: clock.nowUnix() + 120,
    provider: 'idp',
    keepFresh: true,
    ...extra,
  });
  /** Lets the refresh promises' callbacks run. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { clock, calls, events, keepFresh, bearer, settle };
}

const networkError = () =>
  new VaultError('network', 'token endpoint of provider idp: connection refused');

describe('keep-fresh', () => {
  it('refreshes a linked, opted-in bearer once when it becomes near expiry', async () => {
    const { keepFresh, calls, events, bearer, clock, settle } = setup();
    keepFresh.upsert(bearer('a', { status: 'ok', expiresAtUnix: clock.nowUnix() + 600 }));
    expect(calls).toEqual([]);

    const nearing = {
      ref: { root: ROOT, id: 'a' },
      from: 'ok' as const,
      to: 'near_expiry' as const,
      expiresAtUnix: clock.nowUnix() + 600,
    };
    keepFresh.onTransitions([nearing]);
    // Single-flight: the same news again, or a list, while it runs.
    keepFresh.onTransitions([nearing]);
    keepFresh.upsert(bearer('a'));
    expect(calls.map((call) => call.ref)).toEqual([{ root: ROOT, id: 'a' }]);
    expect(keepFresh.inFlight).toBe(1);

    calls[0]?.succeed(clock.nowUnix() + 3600);
    await settle();
    expect(events).toEqual([
      {
        ref: { root: ROOT, id: 'a' },
        ok: true,
        message: `refreshed; expires at ${clock.nowUnix() + 3600}`,
        retryAtUnix: null,
      },
    ]);
    // The refreshed bearer, listed again: fresh, nothing to do.
    keepFresh.upsert(bearer('a', { status: 'ok', expiresAtUnix: clock.nowUnix() + 3600 }));
    clock.advance(3600_000);
    expect(calls).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it('refreshes what is already near or past expiry when first listed (at start, after sleep)', () => {
    const { keepFresh, calls, bearer, clock } = setup();
    keepFresh.replaceAll([
      bearer('near'),
      bearer('expired', { status: 'expired', expiresAtUnix: clock.nowUnix() - 60 }),
      bearer('fresh', { status: 'ok', expiresAtUnix: clock.nowUnix() + 9000 }),
    ]);
    expect(calls.map((call) => call.ref.id).sort()).toEqual(['expired', 'near']);
  });

  it('never refreshes a bearer it cannot or may not refresh', () => {
    const { keepFresh, calls, bearer, clock } = setup();
    keepFresh.replaceAll([
      bearer('unlinked', { provider: null }),
      bearer('not-opted-in', { keepFresh: false }),
      bearer('invalid', { status: 'invalid', expiresAtUnix: null }),
      bearer('busy', { status: 'busy', expiresAtUnix: null }),
      bearer('locked', { status: 'locked', expiresAtUnix: null }),
    ]);
    keepFresh.onTransitions(
      ['unlinked', 'not-opted-in'].map((id) => ({
        ref: { root: ROOT, id },
        from: 'near_expiry' as const,
        to: 'expired' as const,
        expiresAtUnix: clock.nowUnix(),
      })),
    );
    expect(calls).toEqual([]);
  });

  it('backs off on failure, doubling from 30 s to at most 15 min, and says when it tries again', async () => {
    const { keepFresh, calls, events, bearer, clock, settle } = setup();
    const start = clock.nowMs();
    keepFresh.upsert(bearer('a'));
    const triedAt: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      expect(calls).toHaveLength(attempt + 1);
      triedAt.push((clock.nowMs() - start) / 1000);
      calls[attempt]?.fail(networkError());
      await settle();
      // Nothing in between: the next attempt is the next timer.
      expect(clock.pending).toBe(1);
      clock.runNext();
    }
    expect(triedAt).toEqual([0, 30, 90, 210, 450, 930, 1830, 2730]);
    expect(events.slice(0, 2)).toEqual([
      {
        ref: { root: ROOT, id: 'a' },
        ok: false,
        message: 'token endpoint of provider idp: connection refused',
        retryAtUnix: Math.floor(start / 1000) + 30,
      },
      expect.objectContaining({ ok: false, retryAtUnix: Math.floor(start / 1000) + 90 }),
    ]);
    expect(clock.fired).toBe(8);

    // It recovers: done, no timer left, the next failure starts from 30 s again.
    calls[8]?.succeed(clock.nowUnix() + 3600);
    await settle();
    expect(events.at(-1)).toMatchObject({ ok: true, retryAtUnix: null });
    expect(clock.pending).toBe(0);
  });

  it('stops backing off once the bearer is refreshed elsewhere, unlinked, opted out or removed', async () => {
    const { keepFresh, calls, bearer, clock, settle } = setup();
    const changes: Array<(id: string) => void> = [
      (id) => keepFresh.upsert(bearer(id, { status: 'ok', expiresAtUnix: clock.nowUnix() + 9000 })),
      (id) => keepFresh.upsert(bearer(id, { provider: null })),
      (id) => keepFresh.upsert(bearer(id, { keepFresh: false })),
      (id) => keepFresh.remove({ root: ROOT, id }),
      (id) => keepFresh.replaceRoot(ROOT, [bearer(`${id}-other`, { keepFresh: false })]),
    ];
    for (const [index, change] of changes.entries()) {
      const id = `b${index}`;
      keepFresh.upsert(bearer(id));
      calls.at(-1)?.fail(networkError());
      await settle();
      expect(clock.pending).toBe(1);
      change(id);
      expect({ index, pending: clock.pending }).toEqual({ index, pending: 0 });
    }
    const made = calls.length;
    clock.advance(3600_000);
    expect(calls).toHaveLength(made);
  });

  it('a refresh that leaves the bearer near expiry (a short-lived token) is no storm', async () => {
    const { keepFresh, calls, bearer, clock, settle } = setup();
    keepFresh.upsert(bearer('short'));
    calls[0]?.succeed(clock.nowUnix() + 60); // lives 60 s, window 300 s: near at once
    await settle();
    for (let i = 0; i < 10; i++)
      keepFresh.upsert(bearer('short', { expiresAtUnix: clock.nowUnix() + 60 }));
    expect(calls).toHaveLength(1);
    // The next news of it after the spacing (it expired) may refresh again, once.
    clock.advance(60_000);
    keepFresh.onTransitions([
      {
        ref: { root: ROOT, id: 'short' },
        from: 'near_expiry',
        to: 'expired',
        expiresAtUnix: clock.nowUnix(),
      },
    ]);
    expect(calls).toHaveLength(2);
  });

  it('a refresh that found the bearer fresh (another process did it) is a success', async () => {
    const { keepFresh, calls, events, bearer, clock, settle } = setup();
    keepFresh.upsert(bearer('a'));
    calls[0]?.succeed(clock.nowUnix() + 3600, false);
    await settle();
    expect(events).toEqual([
      expect.objectContaining({ ok: true, message: expect.stringMatching(/^already fresh/) }),
    ]);
  });

  it('never quotes an unexpected error, and close() stops everything', async () => {
    const { keepFresh, calls, events, bearer, clock, settle } = setup();
    keepFresh.upsert(bearer('a'));
    keepFresh.upsert(bearer('b'));
    calls[0]?.fail(new Error('socket hang up at https://idp/?refresh_token=abc'));
    await settle();
    expect(events[0]?.message).toBe('the refresh failed unexpectedly');
    keepFresh.close();
    expect(clock.pending).toBe(0);
    calls[1]?.fail(networkError());
    await settle();
    expect(events).toHaveLength(1);
    keepFresh.upsert(bearer('c'));
    expect(calls).toHaveLength(2);
  });
});
