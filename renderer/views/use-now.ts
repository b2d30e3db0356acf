/**
 * The page's visible clock as a hook: a component showing a countdown reads
 * the time here and re-renders once a second, only while it is mounted and
 * the page is visible (see lib/visible-clock.ts).
 */
import { useSyncExternalStore } from 'react';
import { VisibleClock } from '../lib/visible-clock';

let clock: VisibleClock | null = null;

function pageClock(): VisibleClock {
  clock ??= new VisibleClock({
    now: () => Date.now() / 1000,
    isVisible: () => document.visibilityState === 'visible',
    onVisibilityChange: (listener) => document.addEventListener('visibilitychange', listener),
    setInterval: (task, ms) => window.setInterval(task, ms),
    clearInterval: (handle) => window.clearInterval(handle as number),
  });
  return clock;
}

export function useNowSeconds(): number {
  const page = pageClock();
  return useSyncExternalStore(page.subscribe, page.getSnapshot);
}
