/**
 * A TimerClock that only moves when the test says so. Timers fire in
 * deadline order, each with the clock set to its own deadline, so a callback
 * sees exactly the time it was planned for; a timer set by a callback fires
 * within the same advance when it falls inside it. Counting firings is how
 * tests prove that nothing polls.
 */
import type { TimerClock, TimerHandle } from '../electron/core/ports/clock';

interface FakeTimer {
  deadlineMs: number;
  /** Ties fire in the order they were set. */
  order: number;
  fn: () => void;
}

/** Bounds one advance, so a callback that re-arms at zero delay fails the test instead of hanging it. */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000;

export class FakeClock implements TimerClock {
  private now: number;
  private readonly timers = new Set<FakeTimer>();
  private nextOrder = 0;
  /** Timer callbacks run so far. */
  fired = 0;
  /** Timers set so far (cleared ones included). */
  armed = 0;

  constructor(startMs = Date.UTC(2030, 0, 1)) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  nowUnix(): number {
    return Math.floor(this.now / 1000);
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer: FakeTimer = {
      deadlineMs: this.now + Math.max(0, ms),
      order: this.nextOrder++,
      fn,
    };
    this.timers.add(timer);
    this.armed += 1;
    return timer as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as FakeTimer);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.size;
  }

  /** The earliest pending deadline, or null. */
  nextDeadlineMs(): number | null {
    return this.earliest()?.deadlineMs ?? null;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.now + ms);
  }

  advanceTo(targetMs: number): void {
    if (targetMs < this.now) throw new Error('FakeClock: time does not go backwards');
    for (let firings = 0; ; firings++) {
      if (firings > MAX_FIRINGS_PER_ADVANCE) throw new Error('FakeClock: timers never settle');
      const next = this.earliest();
      if (next === undefined || next.deadlineMs > targetMs) break;
      this.timers.delete(next);
      this.now = next.deadlineMs;
      this.fired += 1;
      next.fn();
    }
    this.now = targetMs;
  }

  /** Jumps to the earliest pending deadline and fires what is due then; false when none is pending. */
  runNext(): boolean {
    const next = this.earliest();
    if (next === undefined) return false;
    this.advanceTo(next.deadlineMs);
    return true;
  }

  /**
   * The machine sleeps for `ms`: the wall clock jumps, no timer runs, and
   * pending timers fall behind by as much (platform timers count awake time),
   * which is why the app calls resume() after sleep.
   */
  sleep(ms: number): void {
    this.now += ms;
    for (const timer of this.timers) timer.deadlineMs += ms;
  }

  private earliest(): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers) {
      if (
        best === undefined ||
        timer.deadlineMs < best.deadlineMs ||
        (timer.deadlineMs === best.deadlineMs && timer.order < best.order)
      )
        best = timer;
    }
    return best;
  }
}
