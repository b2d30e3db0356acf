/**
 * The app's life around the window: one instance (a second launch focuses
 * the first), the session told when the machine wakes (timers did not run
 * while it slept), the settings main acts on (close-to-tray, launch at
 * login) followed as they change, and a quit that first cleans up (the
 * clipboard, the vault's worker) within a bounded time.
 */
import type { CredvaultClient, Unsubscribe } from '@shared/contract';
import type { Settings } from '@shared/schemas/settings';

interface Emitter<E extends string> {
  on(event: E, listener: () => void): unknown;
}

/** The members of Electron's app used for the single-instance lock. */
export interface InstanceApp extends Emitter<'second-instance'> {
  requestSingleInstanceLock(): boolean;
}

/** Whether this is the first instance; if so, `onSecond` runs when another is launched. */
export function claimSingleInstance(app: InstanceApp, onSecond: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecond);
  return true;
}

/** powerMonitor 'resume' -> the session's resume() (re-plans expiry timers). */
export function followResume(
  power: Emitter<'resume'>,
  client: Pick<CredvaultClient, 'call'>,
): void {
  power.on('resume', () => {
    client.call('credvault:app.resume', {}).catch(() => {
      // A vault that is gone cannot be resumed; the next start plans afresh.
    });
  });
}

export type AppSettings = Settings['app'];

/** The app part of the settings, as it is now, with a hook when launch-at-login changes. */
export class AppSettingsFollower {
  private current: AppSettings = { closeToTray: false, launchAtLogin: false };
  private applied: boolean | null = null;

  constructor(private readonly applyLaunchAtLogin: (enabled: boolean) => void) {}

  get closeToTray(): boolean {
    return this.current.closeToTray;
  }

  /** Reads the settings now and follows their changes. */
  async follow(client: Pick<CredvaultClient, 'call' | 'subscribe'>): Promise<Unsubscribe> {
    const stop = client.subscribe('credvault:settings.changed', (settings) =>
      this.take(settings.app),
    );
    try {
      this.take((await client.call('credvault:settings.get', {})).app);
    } catch {
      // Unreadable settings: the defaults stand until a change arrives.
    }
    return stop;
  }

  private take(app: AppSettings): void {
    this.current = { ...app };
    // Applied at start whatever it is (the CLI may have changed it meanwhile), then on change.
    if (this.applied !== app.launchAtLogin) {
      this.applied = app.launchAtLogin;
      this.applyLaunchAtLogin(app.launchAtLogin);
    }
  }
}

/** The members of Electron's app used to quit cleanly. */
export interface QuittingApp {
  once(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/**
 * Runs `cleanup` before the app quits: the first quit is held back until
 * cleanup ends (or `timeoutMs` passes: a stuck cleanup must not keep a
 * quitting app alive), then the app quits for real.
 */
export function cleanUpBeforeQuit(
  app: QuittingApp,
  cleanup: () => Promise<void>,
  timeoutMs: number,
): void {
  app.once('will-quit', (event) => {
    event.preventDefault();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((done) => {
      timer = setTimeout(done, timeoutMs);
    });
    void Promise.race([cleanup().catch(() => {}), late]).then(() => {
      clearTimeout(timer);
      app.quit();
    });
  });
}
