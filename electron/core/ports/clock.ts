/** Time, injected so tests can pin it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export function nowUnixSeconds(clock: Clock): number {
  return Math.floor(clock.nowMs() / 1000);
}
