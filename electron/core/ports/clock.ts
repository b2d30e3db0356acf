/** Time, injected so tests can pin it. */
export interface Clock {
  nowMs(): number;
}

/** A pending timer; only the clock that made it can clear it. */
export interface TimerHandle {
  readonly __timer: unique symbol;
}

/**
 * A clock that can also wake the caller later: the session's expiry
 * scheduler, keep-fresh back-off and notification pacing run on it, so tests
 * drive them with a fake clock (test-support/fake-clock.ts) instead of real
 * time.
 */
export interface TimerClock extends Clock {
  /**
   * Calls `fn` once, when `nowMs()` has reached the current time plus `ms`
   * (never before, however long `ms` is; possibly later, e.g. after sleep).
   */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Cancels a pending timer; clearing a fired or cleared one does nothing. */
  clearTimer(handle: TimerHandle): void;
}

/**
 * Node's longest timer delay (2^31 - 1 ms, ~24.8 days). A longer delay is not
 * honoured: Node fires it after 1 ms instead (TimeoutOverflowWarning), which
 * would turn a 60-day expiry into an immediate one.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The platform timer the system clock chains; injectable to test the chaining. */
export interface RawTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const nodeTimers: RawTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    // What keeps a session's process alive is its front end (a window, a
    // port, a server), never a wake-up planned for days later: a CLI
    // command that forgot close() must still exit.
    timer.unref();
    return timer;
  },
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/**
 * A TimerClock on platform timers. A delay past the platform's cap is a chain
 * of wake-ups, each no longer than the cap; every wake-up compares the wall
 * clock with the deadline, so a timer never fires early, even when the wall
 * clock was set back or the platform timer woke before its time.
 */
export function timerClockOn(raw: RawTimers): TimerClock {
  interface Pending {
    deadlineMs: number;
    timer: unknown;
    fn: () => void;
  }
  const pending = new Set<Pending>();

  const arm = (entry: Pending) => {
    const remaining = Math.max(0, entry.deadlineMs - raw.now());
    entry.timer = raw.setTimeout(() => wake(entry), Math.min(remaining, MAX_TIMER_DELAY_MS));
  };
  const wake = (entry: Pending) => {
    if (!pending.has(entry)) return;
    if (raw.now() < entry.deadlineMs) {
      arm(entry);
      return;
    }
    pending.delete(entry);
    entry.fn();
  };

  return {
    nowMs: () => raw.now(),
    setTimer: (ms, fn) => {
      const entry: Pending = { deadlineMs: raw.now() + Math.max(0, ms), timer: null, fn };
      pending.add(entry);
      arm(entry);
      return entry as unknown as TimerHandle;
    },
    clearTimer: (handle) => {
      const entry = handle as unknown as Pending;
      if (!pending.delete(entry)) return;
      raw.clearTimeout(entry.timer);
    },
  };
}

export const systemClock: TimerClock = timerClockOn(nodeTimers);

export function nowUnixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}
