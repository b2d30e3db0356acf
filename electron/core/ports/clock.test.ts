/**
 * The system clock's timers: a far deadline (60 days, past Node's 24.8-day
 * cap) fires on time through chained wake-ups, never early, and a cleared
 * timer never fires.
 */
import { describe, expect, it } from 'vitest';
import { MAX_TIMER_DELAY_MS, systemClock, timerClockOn, type RawTimers } from './clock';

const DAY_MS = 24 * 3600 * 1000;

/** Platform timers as Node has them: a delay past the cap fires after 1 ms. */
function nodeLikeTimers(startMs = Date.UTC(2030, 0, 1)) {
  let now = startMs;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 1;
  const raw: RawTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const delay = ms > MAX_TIMER_DELAY_MS || ms < 1 ? 1 : ms;
      const id = nextId++;
      timers.set(id, { at: now + delay, fn });
      return id;
    },
    clearTimeout: (id) => {
      timers.delete(id as number);
    },
  };
  return {
    raw,
    /** Raw wake-ups so far. */
    wakeUps: 0,
    get pending() {
      return timers.size;
    },
    /** Runs platform timers in order until `targetMs` (bounded: a busy loop fails, never hangs). */
    advanceTo(targetMs: number) {
      for (let runs = 0; ; runs++) {
        if (runs > 1000) throw new Error('platform timers never settle (polling?)');
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= targetMs)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        this.wakeUps += 1;
        due[1].fn();
      }
      now = targetMs;
    },
    /** The wall clock is set (NTP, the user): platform timers keep their delays. */
    setWallClock(ms: number) {
      const shift = ms - now;
      now = ms;
      for (const timer of timers.values()) timer.at += shift;
    },
  };
}

describe('system clock timers', () => {
  it('fire a 60-day deadline on time through chained wake-ups, never early', () => {
    const platform = nodeLikeTimers();
    const clock = timerClockOn(platform.raw);
    const start = clock.nowMs();
    const firedAt: number[] = [];
    clock.setTimer(60 * DAY_MS, () => firedAt.push(clock.nowMs()));

    platform.advanceTo(start + 60 * DAY_MS - 1);
    expect(firedAt).toEqual([]);
    platform.advanceTo(start + 60 * DAY_MS);
    expect(firedAt).toEqual([start + 60 * DAY_MS]);
    // 24.8 + 24.8 + 10.4 days: three wake-ups, not a poll.
    expect(platform.wakeUps).toBe(3);
    expect(platform.pending).toBe(0);
  });

  it('never fire before the deadline when the wall clock was set back', () => {
    const platform = nodeLikeTimers();
    const clock = timerClockOn(platform.raw);
    const start = clock.nowMs();
    const firedAt: number[] = [];
    clock.setTimer(10_000, () => firedAt.push(clock.nowMs()));
    platform.setWallClock(start - 5_000);
    // The platform timer wakes after its 10 s, at wall time start + 5 s.
    platform.advanceTo(start + 5_000);
    expect(firedAt).toEqual([]);
    platform.advanceTo(start + 10_000);
    expect(firedAt).toEqual([start + 10_000]);
  });

  it('a cleared timer never fires, even mid-chain', () => {
    const platform = nodeLikeTimers();
    const clock = timerClockOn(platform.raw);
    const start = clock.nowMs();
    let fired = 0;
    const handle = clock.setTimer(60 * DAY_MS, () => (fired += 1));
    platform.advanceTo(start + 30 * DAY_MS);
    clock.clearTimer(handle);
    clock.clearTimer(handle);
    platform.advanceTo(start + 90 * DAY_MS);
    expect(fired).toBe(0);
    expect(platform.pending).toBe(0);
  });

  it('the real system clock fires a short timer and skips a cleared one', async () => {
    const order: string[] = [];
    const cleared = systemClock.setTimer(1, () => order.push('cleared'));
    systemClock.clearTimer(cleared);
    await new Promise<void>((resolve) => {
      systemClock.setTimer(5, () => {
        order.push('fired');
        resolve();
      });
    });
    expect(order).toEqual(['fired']);
  });
});
