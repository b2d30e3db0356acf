/**
 * When to tell the user about expiry, as the contract's notification
 * payloads (main shows them; a click opens the bearer).
 *
 * - One notification per (root, id, state, expires_at), never twice: keys
 *   are claimed in the vault home (notification-memory.ts), so a restart or
 *   a second front end on the same home does not repeat one.
 * - At start, `reconcile` with the current bearers notifies what crossed a
 *   threshold while nothing ran, once; afterwards the scheduler's
 *   transitions go through `observe`.
 * - Never more than BURST_LIMIT notifications in BURST_WINDOW_MS: a batch
 *   that does not fit becomes one summary, and what arrives while the limit
 *   is reached waits for the window to pass (one timer, no polling).
 * - What waits for room when the session closes is given back to the memory
 *   file, so the next start tells it (it is not lost with the process).
 * - Off when the settings say so (`enabled`, asked at each claim): nothing is
 *   claimed then, so turning notifications back on shows what is true then.
 */
import type { EventPayload } from '@shared/contract';
import type { BearerSummaryWire } from '@shared/schemas/bearers';
import type { LockOptions } from '../locks/file-lock';
import { nowUnixSeconds, type TimerClock, type TimerHandle } from '../ports/clock';
import type { ExpiryTransition } from './expiry-scheduler';
import {
  NotificationMemory,
  refKey,
  type CurrentBearers,
  type ExpiryKey,
  type NotifiedState,
} from './notification-memory';
import { expiryPhrase } from './time-left';

export type Notification = EventPayload<'credvault:notification'>;

export const BURST_LIMIT = 3;
export const BURST_WINDOW_MS = 60_000;
/** How many bearers a summary names before "and N more". */
const SUMMARY_NAMES = 3;

export type NotifiableBearer = Pick<BearerSummaryWire, 'root' | 'id' | 'status' | 'expiresAtUnix'>;

export interface NotificationPolicyOptions {
  home: string;
  clock: TimerClock;
  notify: (notification: Notification) => void;
  /** `settings.notifications.enabled`. */
  enabled: () => boolean | Promise<boolean>;
  lock?: LockOptions;
}

function isNotified(status: string): status is NotifiedState {
  return status === 'near_expiry' || status === 'expired';
}

function notificationKey(key: ExpiryKey): string {
  return JSON.stringify([key.root, key.id, key.state, key.expiresAtUnix]);
}

export class NotificationPolicy {
  private readonly memory: NotificationMemory;
  /** When each recent notification was shown (for the burst limit). */
  private shownAtMs: number[] = [];
  /** Claimed, waiting for room under the burst limit. */
  private held: ExpiryKey[] = [];
  private timer: TimerHandle | null = null;
  private closed = false;

  constructor(private readonly options: NotificationPolicyOptions) {
    this.memory = new NotificationMemory(options.home, options.lock);
  }

  /** The scheduler's transitions (into near_expiry or expired). */
  async observe(transitions: readonly ExpiryTransition[]): Promise<void> {
    const wanted: ExpiryKey[] = [];
    for (const { ref, to, expiresAtUnix } of transitions) {
      if (isNotified(to) && expiresAtUnix !== null)
        wanted.push({ root: ref.root, id: ref.id, state: to, expiresAtUnix });
    }
    if (wanted.length === 0) return;
    await this.claimAndShow(wanted);
  }

  /**
   * Every bearer as listed now (at start, and after a list): notifies the
   * states not yet notified and forgets bearers gone or changed. Bearers of
   * `unreadableRoots` are unknown, not gone.
   */
  async reconcile(
    bearers: readonly NotifiableBearer[],
    unreadableRoots: readonly string[] = [],
  ): Promise<void> {
    const wanted: ExpiryKey[] = [];
    const expiries = new Map<string, number>();
    for (const { root, id, status, expiresAtUnix } of bearers) {
      if (expiresAtUnix === null) continue;
      expiries.set(refKey(root, id), expiresAtUnix);
      if (isNotified(status)) wanted.push({ root, id, state: status, expiresAtUnix });
    }
    const current: CurrentBearers = { expiries, unknownRoots: new Set(unreadableRoots) };
    // Waiting ones that are no longer true are not worth showing.
    this.held = this.held.filter(
      (key) => expiries.get(refKey(key.root, key.id)) === key.expiresAtUnix,
    );
    await this.claimAndShow(wanted, current);
  }

  /**
   * Stops the pacing timer; nothing is shown after it. What was claimed but
   * still waiting for room is given back, so the next start tells it
   * instead of it being lost with this process.
   */
  async close(): Promise<void> {
    this.closed = true;
    const held = this.held;
    this.held = [];
    if (this.timer !== null) this.options.clock.clearTimer(this.timer);
    this.timer = null;
    await this.giveBack(held);
  }

  private async giveBack(keys: readonly ExpiryKey[]): Promise<void> {
    // Failing to give back costs only a notification: never a reason to fail closing.
    await this.memory.release(keys).catch(() => undefined);
  }

  private async claimAndShow(wanted: ExpiryKey[], current?: CurrentBearers): Promise<void> {
    if (this.closed) return;
    const enabled = await this.options.enabled();
    const claimed = await this.memory.claim(enabled ? wanted : [], current);
    if (this.closed) return this.giveBack(claimed);
    if (claimed.length === 0) return;
    for (const key of claimed) {
      // A later state of the same bearer replaces one still waiting.
      this.held = this.held.filter((waiting) => waiting.root !== key.root || waiting.id !== key.id);
      this.held.push(key);
    }
    this.flush();
  }

  private flush(): void {
    if (this.closed || this.held.length === 0) return;
    const nowMs = this.options.clock.nowMs();
    this.shownAtMs = this.shownAtMs.filter((at) => at > nowMs - BURST_WINDOW_MS);
    const room = BURST_LIMIT - this.shownAtMs.length;
    if (room <= 0) {
      this.waitForRoom();
      return;
    }
    const batch = this.held;
    this.held = [];
    if (batch.length <= room) {
      for (const key of batch) this.show(this.single(key), nowMs);
    } else {
      this.show(this.summary(batch, nowMs), nowMs);
    }
  }

  private waitForRoom(): void {
    if (this.timer !== null) return;
    const oldest = this.shownAtMs[0] as number;
    const delay = oldest + BURST_WINDOW_MS - this.options.clock.nowMs();
    this.timer = this.options.clock.setTimer(delay, () => {
      this.timer = null;
      this.flush();
    });
  }

  private show(notification: Notification, nowMs: number): void {
    this.shownAtMs.push(nowMs);
    this.options.notify(notification);
  }

  private single(key: ExpiryKey): Notification {
    const phrase = expiryPhrase(key.expiresAtUnix, nowUnixSeconds(this.options.clock));
    return {
      key: notificationKey(key),
      title: key.state === 'expired' ? `${key.id} has expired` : `${key.id} expires soon`,
      body: `${phrase[0]?.toUpperCase()}${phrase.slice(1)}. Root: ${key.root}`,
      ref: { root: key.root, id: key.id },
    };
  }

  private summary(keys: readonly ExpiryKey[], nowMs: number): Notification {
    const expired = keys.filter((key) => key.state === 'expired').length;
    const near = keys.length - expired;
    const counts = [
      expired > 0 ? `${expired} expired` : null,
      near > 0 ? `${near} near expiry` : null,
    ].filter((part) => part !== null);
    const names = keys.slice(0, SUMMARY_NAMES).map((key) => key.id);
    const more = keys.length - names.length;
    return {
      key: `summary:${nowMs}:${keys.length}`,
      title: `${keys.length} bearers need attention`,
      body: `${counts.join(', ')}: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
      ref: null,
    };
  }
}
