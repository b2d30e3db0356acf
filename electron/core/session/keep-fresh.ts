/**
 * Keep-fresh, the policy: a bearer that is linked to a provider and opted in
 * (its root's keepFresh, or listed in keepFreshBearers: the summary's
 * `keepFresh`) is refreshed when it becomes near expiry (or is found expired,
 * after sleep), once:
 *
 * - single-flight per bearer here; across sessions and processes the
 *   refresh itself is (the bearer's lock, and a refresh that finds the
 *   bearer fresh makes no request);
 * - on failure it backs off, doubling from 30 s up to 15 min, on the timer
 *   clock, and says so in a `credvault:bearers.keepFresh` event;
 * - it never touches a bearer it cannot refresh (unlinked, invalid, busy,
 *   locked) nor one not opted in, and a bearer refreshed elsewhere, unlinked,
 *   opted out or removed stops its back-off at once;
 * - a refresh that leaves the bearer near expiry (a token living less than
 *   the window) is not followed by another within MIN_SPACING_MS: nothing
 *   here can turn into a storm of requests.
 *
 * The refresh is injected (the session's own refresh call, which records
 * when and how it went in the bearer's detail).
 */
import type { EventPayload } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { BearerRef } from '@shared/schemas/common';
import { VaultError } from '../errors';
import type { TimerClock, TimerHandle } from '../ports/clock';
import type { ExpiryTransition } from './expiry-scheduler';

export type KeepFreshBearer = Pick<
  BearerSummaryWire,
  'root' | 'id' | 'status' | 'expiresAtUnix' | 'provider' | 'keepFresh'
>;
export type KeepFreshEvent = EventPayload<'credvault:bearers.keepFresh'>;

export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 15 * 60_000;
/** The least time between two refreshes of one bearer that both succeeded. */
export const MIN_SPACING_MS = FIRST_BACKOFF_MS;

export interface KeepFreshOptions {
  clock: TimerClock;
  refresh: (ref: BearerRef) => Promise<{ requested: boolean; expiresAtUnix: number }>;
  emit: (event: KeepFreshEvent) => void;
}

function refKey(root: string, id: string): string {
  return `${root}\0${id}`;
}

interface Tracked {
  bearer: KeepFreshBearer;
  inFlight: boolean;
  failures: number;
  retry: TimerHandle | null;
  lastSuccessMs: number | null;
}

function canRefresh(bearer: KeepFreshBearer): boolean {
  return (
    bearer.keepFresh &&
    bearer.provider !== null &&
    (bearer.status === 'near_expiry' || bearer.status === 'expired')
  );
}

/** The failure in our words: VaultError messages never hold a secret; anything else is not quoted. */
function failureMessage(error: unknown): string {
  if (error instanceof VaultError) return error.message.slice(0, 1000);
  return 'the refresh failed unexpectedly';
}

export class KeepFresh {
  private readonly tracked = new Map<string, Tracked>();
  private readonly flights = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: KeepFreshOptions) {}

  /** Refreshes under way (tests). */
  get inFlight(): number {
    let count = 0;
    for (const entry of this.tracked.values()) if (entry.inFlight) count += 1;
    return count;
  }

  /** Every bearer as listed now; those left out are forgotten. */
  replaceAll(bearers: readonly KeepFreshBearer[]): void {
    const listed = new Set(bearers.map((bearer) => refKey(bearer.root, bearer.id)));
    for (const [key, entry] of this.tracked) if (!listed.has(key)) this.forget(key, entry);
    for (const bearer of bearers) this.upsert(bearer);
  }

  /** Every bearer of `root` as listed now; its bearers left out are forgotten. */
  replaceRoot(root: string, bearers: readonly KeepFreshBearer[]): void {
    const listed = new Set(bearers.map((bearer) => bearer.id));
    for (const [key, entry] of this.tracked)
      if (entry.bearer.root === root && !listed.has(entry.bearer.id)) this.forget(key, entry);
    for (const bearer of bearers) this.upsert(bearer);
  }

  upsert(bearer: KeepFreshBearer): void {
    if (this.closed) return;
    const key = refKey(bearer.root, bearer.id);
    let entry = this.tracked.get(key);
    if (entry === undefined) {
      entry = { bearer, inFlight: false, failures: 0, retry: null, lastSuccessMs: null };
      this.tracked.set(key, entry);
    } else {
      entry.bearer = bearer;
    }
    this.consider(entry);
  }

  remove(ref: BearerRef): void {
    const key = refKey(ref.root, ref.id);
    const entry = this.tracked.get(key);
    if (entry !== undefined) this.forget(key, entry);
  }

  /** The scheduler's transitions: a known bearer's status moved on. */
  onTransitions(transitions: readonly ExpiryTransition[]): void {
    for (const { ref, to } of transitions) {
      const entry = this.tracked.get(refKey(ref.root, ref.id));
      if (entry === undefined) continue;
      entry.bearer = { ...entry.bearer, status: to };
      this.consider(entry);
    }
  }

  /** Stops every back-off; refreshes under way finish unheard. */
  close(): void {
    this.closed = true;
    for (const [key, entry] of this.tracked) this.forget(key, entry);
  }

  /** Resolves once no refresh is under way (a closing session waits for its writes). */
  async settled(): Promise<void> {
    while (this.flights.size > 0) await Promise.allSettled([...this.flights]);
  }

  private forget(key: string, entry: Tracked): void {
    this.stopRetry(entry);
    this.tracked.delete(key);
  }

  private consider(entry: Tracked): void {
    if (!canRefresh(entry.bearer)) {
      // Fresh again (refreshed elsewhere), unlinked, opted out, unreadable:
      // nothing to retry, and a later failure starts from the first step.
      this.stopRetry(entry);
      entry.failures = 0;
      return;
    }
    if (entry.inFlight || entry.retry !== null) return;
    const now = this.options.clock.nowMs();
    if (entry.lastSuccessMs !== null && now - entry.lastSuccessMs < MIN_SPACING_MS) return;
    this.start(entry);
  }

  private start(entry: Tracked): void {
    const ref = { root: entry.bearer.root, id: entry.bearer.id };
    entry.inFlight = true;
    const current = () => !this.closed && this.tracked.get(refKey(ref.root, ref.id)) === entry;
    const flight = this.options.refresh(ref).then(
      (outcome) => {
        entry.inFlight = false;
        if (!current()) return;
        entry.failures = 0;
        entry.lastSuccessMs = this.options.clock.nowMs();
        this.options.emit({
          ref,
          ok: true,
          message: outcome.requested
            ? `refreshed; expires at ${outcome.expiresAtUnix}`
            : `already fresh (refreshed elsewhere); expires at ${outcome.expiresAtUnix}`,
          retryAtUnix: null,
        });
      },
      (error: unknown) => {
        entry.inFlight = false;
        if (!current()) return;
        entry.failures += 1;
        if (!canRefresh(entry.bearer)) {
          // It stopped needing us meanwhile (refreshed elsewhere, unlinked): no retry.
          this.options.emit({ ref, ok: false, message: failureMessage(error), retryAtUnix: null });
          return;
        }
        const delay = Math.min(FIRST_BACKOFF_MS * 2 ** (entry.failures - 1), MAX_BACKOFF_MS);
        const retryAtMs = this.options.clock.nowMs() + delay;
        entry.retry = this.options.clock.setTimer(delay, () => {
          entry.retry = null;
          if (current()) this.consider(entry);
        });
        this.options.emit({
          ref,
          ok: false,
          message: failureMessage(error),
          retryAtUnix: Math.ceil(retryAtMs / 1000),
        });
      },
    );
    this.flights.add(flight);
    const landed = () => this.flights.delete(flight);
    void flight.then(landed, landed);
  }

  private stopRetry(entry: Tracked): void {
    if (entry.retry === null) return;
    this.options.clock.clearTimer(entry.retry);
    entry.retry = null;
  }
}
