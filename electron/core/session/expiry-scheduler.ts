/**
 * The expiry scheduler: announces each bearer's changes of state (ok ->
 * near_expiry -> expired) when they happen, by the near-expiry rule of
 * bearer-status.ts and each bearer's window.
 *
 * It holds ONE timer, set to the next transition among all bearers, and
 * re-plans it on every change (a bearer added, refreshed, removed, a window
 * changed) and on resume() after sleep. Nothing polls: between two
 * transitions the process is not woken at all, whatever the number of
 * bearers. Deadlines sit in a heap (deadline-heap.ts), so a change of one
 * bearer costs O(log n).
 *
 * What counts as a transition: a crossing its callers have not seen. A
 * bearer handed in carries the status its caller listed; when the clock has
 * already moved it on (a list read just before a threshold), the crossing
 * is announced. A bearer refreshed back to ok is no transition: the bearers
 * changed event says so already.
 */
import type { EventPayload } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { BearerRef } from '@shared/schemas/common';
import { bearerStatus } from '../bearers/bearer-status';
import { nowUnixSeconds, type TimerClock, type TimerHandle } from '../ports/clock';
import { DeadlineHeap, type HeapEntry } from './deadline-heap';

/** What the scheduler needs of a bearer summary (the contract's summary has it all). */
export interface TimedBearer {
  readonly root: string;
  readonly id: string;
  readonly status: BearerStatus;
  /** Null for a bearer that cannot be read (invalid, busy, locked): nothing to schedule. */
  readonly expiresAtUnix: number | null;
  readonly windowS: number;
}

export type ExpiryTransition = EventPayload<'credvault:bearers.expiry'>;

/** Every status a bearer can have on the wire (locked included: the keychain layer). */
type BearerStatus = BearerSummaryWire['status'];
type TimedStatus = 'ok' | 'near_expiry' | 'expired';

interface Tracked extends HeapEntry {
  readonly ref: BearerRef;
  readonly expiresAtUnix: number;
  readonly windowS: number;
  status: TimedStatus;
}

function isTimed(status: BearerStatus): status is TimedStatus {
  return status === 'ok' || status === 'near_expiry' || status === 'expired';
}

/** When the bearer next changes state, in ms; null once expired (nothing follows). */
function nextTransitionMs(tracked: Tracked): number | null {
  if (tracked.status === 'ok') return (tracked.expiresAtUnix - tracked.windowS) * 1000;
  if (tracked.status === 'near_expiry') return tracked.expiresAtUnix * 1000;
  return null;
}

export interface ExpirySchedulerOptions {
  clock: TimerClock;
  /** The transitions that happened together, in deadline order. */
  onTransitions: (transitions: ExpiryTransition[]) => void;
}

export class ExpiryScheduler {
  private readonly byRoot = new Map<string, Map<string, Tracked>>();
  private readonly heap = new DeadlineHeap<Tracked>();
  private timer: { handle: TimerHandle; atMs: number } | null = null;
  private closed = false;

  constructor(private readonly options: ExpirySchedulerOptions) {}

  /** Bearers tracked (readable ones: their expiry is known). */
  get size(): number {
    let count = 0;
    for (const bearers of this.byRoot.values()) count += bearers.size;
    return count;
  }

  /** When the one timer is set to fire, or null when no transition lies ahead. */
  plannedAtMs(): number | null {
    return this.timer?.atMs ?? null;
  }

  /** Every bearer of every root, as listed now; roots and bearers left out are forgotten. */
  replaceAll(bearers: readonly TimedBearer[]): void {
    const grouped = new Map<string, TimedBearer[]>();
    for (const bearer of bearers) {
      const group = grouped.get(bearer.root);
      if (group === undefined) grouped.set(bearer.root, [bearer]);
      else group.push(bearer);
    }
    const transitions: ExpiryTransition[] = [];
    for (const root of [...this.byRoot.keys()]) {
      if (!grouped.has(root)) this.dropRoot(root);
    }
    for (const [root, group] of grouped) this.syncRoot(root, group, transitions);
    this.settle(transitions);
  }

  /** Every bearer of `root`, as listed now; its bearers left out are forgotten. */
  replaceRoot(root: string, bearers: readonly TimedBearer[]): void {
    const transitions: ExpiryTransition[] = [];
    this.syncRoot(root, bearers, transitions);
    this.settle(transitions);
  }

  /** One bearer added or changed. */
  upsert(bearer: TimedBearer): void {
    const transitions: ExpiryTransition[] = [];
    this.track(bearer, transitions);
    this.settle(transitions);
  }

  remove(ref: BearerRef): void {
    const bearers = this.byRoot.get(ref.root);
    const tracked = bearers?.get(ref.id);
    if (bearers === undefined || tracked === undefined) return;
    this.heap.remove(tracked);
    bearers.delete(ref.id);
    if (bearers.size === 0) this.byRoot.delete(ref.root);
    this.settle([]);
  }

  removeRoot(root: string): void {
    this.dropRoot(root);
    this.settle([]);
  }

  /**
   * After sleep: platform timers count only awake time, so the one timer is
   * late. Announces what was crossed meanwhile and sets the timer afresh.
   */
  resume(): void {
    this.disarm();
    this.fireDue();
  }

  /** Releases the timer; nothing is announced after it. */
  close(): void {
    this.closed = true;
    this.disarm();
    this.heap.clear();
    this.byRoot.clear();
  }

  private syncRoot(
    root: string,
    bearers: readonly TimedBearer[],
    transitions: ExpiryTransition[],
  ): void {
    const listed = new Set<string>();
    for (const bearer of bearers) {
      listed.add(bearer.id);
      this.track(bearer, transitions);
    }
    const known = this.byRoot.get(root);
    if (known === undefined) return;
    for (const [id, tracked] of known) {
      if (listed.has(id)) continue;
      this.heap.remove(tracked);
      known.delete(id);
    }
    if (known.size === 0) this.byRoot.delete(root);
  }

  private dropRoot(root: string): void {
    const known = this.byRoot.get(root);
    if (known === undefined) return;
    for (const tracked of known.values()) this.heap.remove(tracked);
    this.byRoot.delete(root);
  }

  private track(bearer: TimedBearer, transitions: ExpiryTransition[]): void {
    if (this.closed) return;
    let known = this.byRoot.get(bearer.root);
    const previous = known?.get(bearer.id);
    if (bearer.expiresAtUnix === null || !isTimed(bearer.status)) {
      if (previous !== undefined) {
        this.heap.remove(previous);
        known?.delete(bearer.id);
      }
      return;
    }
    // The same expiry and window: what we announced stands (a list read a
    // moment before our own timer fired must not announce it twice).
    if (
      previous !== undefined &&
      previous.expiresAtUnix === bearer.expiresAtUnix &&
      previous.windowS === bearer.windowS
    )
      return;
    if (previous !== undefined) this.heap.remove(previous);
    const now = nowUnixSeconds(this.options.clock);
    const status = bearerStatus(bearer.expiresAtUnix, now, bearer.windowS);
    const tracked: Tracked = {
      ref: { root: bearer.root, id: bearer.id },
      expiresAtUnix: bearer.expiresAtUnix,
      windowS: bearer.windowS,
      status: status as TimedStatus,
      deadlineMs: 0,
      heapIndex: -1,
    };
    if (status !== bearer.status)
      transitions.push(this.transition(tracked, bearer.status as TimedStatus));
    if (known === undefined) {
      known = new Map();
      this.byRoot.set(bearer.root, known);
    }
    known.set(bearer.id, tracked);
    this.schedule(tracked);
  }

  private schedule(tracked: Tracked): void {
    const at = nextTransitionMs(tracked);
    if (at === null) return;
    tracked.deadlineMs = at;
    this.heap.push(tracked);
  }

  private transition(tracked: Tracked, from: TimedStatus): ExpiryTransition {
    return { ref: tracked.ref, from, to: tracked.status, expiresAtUnix: tracked.expiresAtUnix };
  }

  /** Re-plans the one timer, then announces. */
  private settle(transitions: ExpiryTransition[]): void {
    this.plan();
    if (transitions.length > 0 && !this.closed) this.options.onTransitions(transitions);
  }

  private fireDue(): void {
    this.timer = null;
    if (this.closed) return;
    const nowMs = this.options.clock.nowMs();
    const now = Math.floor(nowMs / 1000);
    const transitions: ExpiryTransition[] = [];
    for (let top = this.heap.peek(); top !== undefined && top.deadlineMs <= nowMs;) {
      this.heap.pop();
      const from = top.status;
      top.status = bearerStatus(top.expiresAtUnix, now, top.windowS) as TimedStatus;
      if (top.status !== from) transitions.push(this.transition(top, from));
      this.schedule(top);
      top = this.heap.peek();
    }
    this.settle(transitions);
  }

  private plan(): void {
    if (this.closed) return;
    const atMs = this.heap.peek()?.deadlineMs ?? null;
    if (this.timer !== null && this.timer.atMs === atMs) return;
    this.disarm();
    if (atMs === null) return;
    const delay = Math.max(0, atMs - this.options.clock.nowMs());
    this.timer = { handle: this.options.clock.setTimer(delay, () => this.fireDue()), atMs };
  }

  private disarm(): void {
    if (this.timer === null) return;
    this.options.clock.clearTimer(this.timer.handle);
    this.timer = null;
  }
}
