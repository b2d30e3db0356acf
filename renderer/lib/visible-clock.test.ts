import { describe, expect, it } from 'vitest';
import { VisibleClock, type ClockHost } from './visible-clock';

/** A page whose time, visibility and timers the test moves by hand. */
function fakePage() {
  let now = 1000;
  let visible = true;
  let onVisibility = () => {};
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const host: ClockHost = {
    now: () => now,
    isVisible: () => visible,
    onVisibilityChange: (listener) => {
      onVisibility = listener;
    },
    setInterval: (task) => {
      timers.set(nextTimer, task);
      return nextTimer++;
    },
    clearInterval: (handle) => {
      timers.delete(handle as number);
    },
  };
  return {
    host,
    timers,
    advance(seconds: number) {
      now += seconds;
      for (const task of [...timers.values()]) task();
    },
    setVisible(value: boolean) {
      visible = value;
      onVisibility();
    },
  };
}

describe('the visible clock', () => {
  it('runs no timer until a countdown is shown, and stops when the last one goes', () => {
    const page = fakePage();
    const clock = new VisibleClock(page.host);
    expect(page.timers.size).toBe(0);
    const stopA = clock.subscribe(() => {});
    const stopB = clock.subscribe(() => {});
    expect(page.timers.size).toBe(1);
    stopA();
    expect(clock.ticking).toBe(true);
    stopB();
    expect(page.timers.size).toBe(0);
  });

  it('stops while the page is hidden and shows the right time at once when it is back', () => {
    const page = fakePage();
    const clock = new VisibleClock(page.host);
    let ticks = 0;
    clock.subscribe(() => ticks++);
    page.advance(1);
    expect(ticks).toBe(1);

    page.setVisible(false);
    expect(page.timers.size).toBe(0);
    page.advance(60);
    expect(ticks).toBe(1);

    page.setVisible(true);
    expect(clock.getSnapshot()).toBe(1061);
    expect(ticks).toBe(2);
    expect(page.timers.size).toBe(1);
  });
});
