import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { makeTempDir } from '../../test-support/temp-dir';
import { APP_ENTRY_URL } from './app-protocol';
import { MainWindow, type WindowPort } from './main-window';
import { loadWindowBounds, saveWindowBounds } from './window-state';

class FakeWindow implements WindowPort {
  readonly listeners = new Map<string, Array<(event?: unknown) => void>>();
  readonly contentsListeners = new Map<string, unknown>();
  readonly loaded: string[] = [];
  visible = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  focused = 0;
  bounds = { x: 40, y: 50, width: 1000, height: 700 };
  loading = true;
  readonly webContents = {
    on: (event: string, listener: unknown) => this.contentsListeners.set(event, listener),
    once: (event: string, listener: unknown) => this.contentsListeners.set(event, listener),
    isLoading: () => this.loading,
    setWindowOpenHandler: vi.fn(),
  };
  finishLoading() {
    this.loading = false;
    (this.contentsListeners.get('did-finish-load') as (() => void) | undefined)?.();
  }

  constructor(readonly options: BrowserWindowConstructorOptions) {}

  async loadURL(url: string) {
    this.loaded.push(url);
  }
  on(event: string, listener: (event: { preventDefault(): void }) => void) {
    const entry = listener as (event?: unknown) => void;
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), entry]);
    return this;
  }
  emit(event: string, payload?: unknown) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }
  /** Closes as Electron does: 'close' may be prevented; otherwise 'closed'. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.visible = false;
      this.emit('closed');
    }
    return !prevented;
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused += 1;
  }
  restore() {
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return this.bounds;
  }
}

function setUp(options: { closeToTray?: boolean; hasTray?: boolean } = {}) {
  const home = makeTempDir();
  const created: FakeWindow[] = [];
  let quitting = false;
  const main = new MainWindow({
    createWindow: (opts) => {
      const window = new FakeWindow(opts);
      created.push(window);
      return window;
    },
    preload: '/app/out/preload/index.cjs',
    home,
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    closeToTray: () => options.closeToTray ?? false,
    hasTray: () => options.hasTray ?? true,
    isQuitting: () => quitting,
  });
  return { home, main, created, quit: () => (quitting = true) };
}

describe('MainWindow', () => {
  it('loads the app from app://, hardened, and shows it once painted', () => {
    const { main, created } = setUp();
    const window = main.show();
    expect(created).toHaveLength(1);
    expect(window.loaded).toEqual([APP_ENTRY_URL]);
    expect(window.options.webPreferences?.sandbox).toBe(true);
    expect([...window.contentsListeners.keys()]).toContain('will-navigate');
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('a second show() focuses the same window instead of opening another', () => {
    const { main, created } = setUp();
    const window = main.show();
    window.minimized = true;
    expect(main.show()).toBe(window);
    expect(created).toHaveLength(1);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(1);
  });

  it('remembers its bounds when closed and opens there next time', () => {
    const { home, main, created } = setUp();
    const window = main.show();
    window.bounds = { x: 100, y: 120, width: 1300, height: 900 };
    window.maximized = true;
    expect(window.close()).toBe(true);
    expect(main.current()).toBeNull();
    expect(loadWindowBounds(home, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual({
      x: 100,
      y: 120,
      width: 1300,
      height: 900,
      maximized: true,
    });
    const next = main.show();
    expect(created).toHaveLength(2);
    expect(next.options).toMatchObject({ x: 100, y: 120, width: 1300, height: 900 });
    next.emit('ready-to-show');
    expect(next.maximized).toBe(true);
  });

  it('opens at the saved place from an earlier run', () => {
    const { home, main } = setUp();
    saveWindowBounds(home, { x: 5, y: 6, width: 800, height: 600, maximized: false });
    expect(main.show().options).toMatchObject({ x: 5, y: 6, width: 800, height: 600 });
  });

  it('closes for real by default (close-to-tray off)', () => {
    const { main } = setUp({ closeToTray: false });
    const window = main.show();
    expect(window.close()).toBe(true);
    expect(window.destroyed).toBe(true);
  });

  it('hides instead of closing when close-to-tray is on and a tray exists', () => {
    const { main } = setUp({ closeToTray: true });
    const window = main.show();
    window.emit('ready-to-show');
    expect(window.close()).toBe(false);
    expect(window.visible).toBe(false);
    expect(main.current()).toBe(window);
  });

  it('closes anyway with close-to-tray on when there is no tray, or when quitting', () => {
    const noTray = setUp({ closeToTray: true, hasTray: false });
    expect(noTray.main.show().close()).toBe(true);
    const quitting = setUp({ closeToTray: true });
    const window = quitting.main.show();
    quitting.quit();
    expect(window.close()).toBe(true);
  });

  it('showThen waits for the page to load before running (an event sent earlier is lost)', () => {
    const { main } = setUp();
    const then = vi.fn();
    main.showThen(then);
    expect(then).not.toHaveBeenCalled();
    main.current()!.finishLoading();
    expect(then).toHaveBeenCalledTimes(1);
    main.showThen(then);
    expect(then).toHaveBeenCalledTimes(2);
  });
});
