/**
 * The one clock behind every countdown on screen. It ticks once a second
 * only while someone shows a countdown (with a virtualized table, that is
 * the rows on screen) and the page is visible; a hidden tab or a view with
 * no countdown costs no timer at all. It only tells the time: a bearer's
 * status comes from the vault, never from this clock.
 */

export interface ClockHost {
  now(): number;
  isVisible(): boolean;
  onVisibilityChange(listener: () => void): void;
  setInterval(task: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export class VisibleClock {
  private seconds: number;
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;

  constructor(private readonly host: ClockHost) {
    this.seconds = Math.floor(host.now());
    host.onVisibilityChange(() => {
      if (host.isVisible()) this.tick(); // Back in view: the right time at once.
      this.sync();
    });
  }

  /** Whole seconds since the epoch, as of the last tick. */
  readonly getSnapshot = (): number => this.seconds;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.sync();
    return () => {
      this.listeners.delete(listener);
      this.sync();
    };
  };

  get ticking(): boolean {
    return this.timer !== null;
  }

  private tick(): void {
    const seconds = Math.floor(this.host.now());
    if (seconds === this.seconds) return;
    this.seconds = seconds;
    for (const listener of [...this.listeners]) listener();
  }

  private sync(): void {
    const wanted = this.listeners.size > 0 && this.host.isVisible();
    if (wanted && this.timer === null) {
      this.seconds = Math.floor(this.host.now());
      this.timer = this.host.setInterval(() => this.tick(), 1000);
    } else if (!wanted && this.timer !== null) {
      this.host.clearInterval(this.timer);
      this.timer = null;
    }
  }
}
