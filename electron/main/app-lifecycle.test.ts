import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredvaultClient } from '@shared/contract';
import { settingsSchema, type Settings } from '@shared/schemas/settings';
import {
  AppSettingsFollower,
  claimSingleInstance,
  cleanUpBeforeQuit,
  followResume,
} from './app-lifecycle';

function emitter() {
  const listeners = new Map<string, Array<(...args: never[]) => void>>();
  return {
    on(event: string, listener: (...args: never[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    once(event: string, listener: (...args: never[]) => void) {
      this.on(event, listener);
    },
    emit(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? [])
        (listener as (...a: unknown[]) => void)(...args);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('single instance', () => {
  it('the first instance takes the lock and focuses itself when launched again', () => {
    const app = { ...emitter(), requestSingleInstanceLock: () => true };
    const focus = vi.fn();
    expect(claimSingleInstance(app, focus)).toBe(true);
    app.emit('second-instance');
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('a second instance is told to leave', () => {
    const app = { ...emitter(), requestSingleInstanceLock: () => false };
    const focus = vi.fn();
    expect(claimSingleInstance(app, focus)).toBe(false);
    app.emit('second-instance');
    expect(focus).not.toHaveBeenCalled();
  });
});

describe('resume', () => {
  it('waking from sleep tells the session to re-plan its timers', async () => {
    const power = emitter();
    const call = vi.fn(async () => ({}));
    followResume(power, { call } as unknown as Pick<CredvaultClient, 'call'>);
    power.emit('resume');
    expect(call).toHaveBeenCalledWith('credvault:app.resume', {});
  });

  it('a vault that is gone does not make waking up throw', async () => {
    const power = emitter();
    const call = vi.fn(async () => {
      throw new Error('closed');
    });
    followResume(power, { call } as unknown as Pick<CredvaultClient, 'call'>);
    expect(() => power.emit('resume')).not.toThrow();
    await Promise.resolve();
  });
});

function settingsClient(initial: Settings) {
  const events = emitter();
  const client = {
    call: vi.fn(async () => initial),
    subscribe: (event: string, listener: (payload: Settings) => void) => {
      events.on(event, listener as never);
      return () => {};
    },
  } as unknown as Pick<CredvaultClient, 'call' | 'subscribe'>;
  return { client, change: (next: Settings) => events.emit('credvault:settings.changed', next) };
}

describe('app settings', () => {
  const defaults = settingsSchema.parse({});

  it('close-to-tray is off by default, and follows the settings as they change', async () => {
    const follower = new AppSettingsFollower(vi.fn());
    const { client, change } = settingsClient(defaults);
    await follower.follow(client);
    expect(follower.closeToTray).toBe(false);
    change({ ...defaults, app: { closeToTray: true, launchAtLogin: false } });
    expect(follower.closeToTray).toBe(true);
  });

  it('launch at login is applied at start, then only when it changes', async () => {
    const apply = vi.fn();
    const follower = new AppSettingsFollower(apply);
    const { client, change } = settingsClient(defaults);
    await follower.follow(client);
    change({ ...defaults, theme: 'dark' });
    change({ ...defaults, app: { closeToTray: false, launchAtLogin: true } });
    change({ ...defaults, app: { closeToTray: true, launchAtLogin: true } });
    expect(apply.mock.calls).toEqual([[false], [true]]);
  });
});

describe('quitting', () => {
  it('holds the quit until cleanup is done, then quits', async () => {
    const app = { ...emitter(), quit: vi.fn() };
    let finish!: () => void;
    const cleanup = vi.fn(() => new Promise<void>((done) => (finish = done)));
    cleanUpBeforeQuit(app, cleanup, 5_000);
    const preventDefault = vi.fn();
    app.emit('will-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(app.quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
  });

  it('a stuck cleanup does not keep the app alive', async () => {
    vi.useFakeTimers();
    const app = { ...emitter(), quit: vi.fn() };
    cleanUpBeforeQuit(app, () => new Promise<void>(() => {}), 5_000);
    app.emit('will-quit', { preventDefault: () => {} });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(app.quit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quit).toHaveBeenCalledTimes(1);
  });
});
