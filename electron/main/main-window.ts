/**
 * The one main window: created hardened (window.ts), loaded from app://,
 * shown once painted, its bounds remembered when it closes, and hidden
 * instead of closed when the user chose close-to-tray (and a tray exists to
 * bring it back). Everything Electron is injected, so tests drive it with
 * fakes.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './app-protocol';
import { hardenContents, mainWindowOptions, type HardenableContents } from './window';
import {
  loadWindowBounds,
  saveWindowBounds,
  type WindowBounds,
  type WorkArea,
} from './window-state';

interface Preventable {
  preventDefault(): void;
}

/** The members of the window's WebContents used here. */
export interface WindowContentsPort extends HardenableContents {
  isLoading(): boolean;
  once(event: 'did-finish-load', listener: () => void): unknown;
}

/** The members of Electron's BrowserWindow used here. */
export interface WindowPort {
  readonly webContents: WindowContentsPort;
  loadURL(url: string): Promise<void>;
  on(event: 'close', listener: (event: Preventable) => void): unknown;
  on(event: 'closed' | 'ready-to-show', listener: () => void): unknown;
  show(): void;
  hide(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): { x: number; y: number; width: number; height: number };
}

export interface MainWindowDeps<W extends WindowPort> {
  createWindow(options: BrowserWindowConstructorOptions): W;
  /** The built preload (out/preload/index.cjs). */
  preload: string;
  /** The vault's home, where the window's bounds are remembered. */
  home: string;
  /** The displays' work areas now (Electron's screen module). */
  workAreas(): readonly WorkArea[];
  /** settings.app.closeToTray, as it is now. */
  closeToTray(): boolean;
  /** Whether a tray icon exists to bring a hidden window back. */
  hasTray(): boolean;
  /** Whether the app is quitting (then closing really closes). */
  isQuitting(): boolean;
  onLoadFailed?(reason: string): void;
}

export class MainWindow<W extends WindowPort> {
  private window: W | null = null;

  constructor(private readonly deps: MainWindowDeps<W>) {}

  /** The live window, if there is one. */
  current(): W | null {
    return this.window !== null && !this.window.isDestroyed() ? this.window : null;
  }

  /** Shows the window (creating it when there is none), restored and focused. */
  show(): W {
    const existing = this.current();
    if (existing !== null) {
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return existing;
    }
    return this.create();
  }

  /**
   * Shows the window, then runs `then` once its page is loaded (at once when
   * it already is): an event sent to a page still loading would be lost.
   */
  showThen(then: () => void): void {
    const window = this.show();
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', then);
    else then();
  }

  private create(): W {
    const { deps } = this;
    const bounds = loadWindowBounds(deps.home, deps.workAreas());
    const window = deps.createWindow(mainWindowOptions(deps.preload, bounds));
    hardenContents(window.webContents);
    window.on('ready-to-show', () => {
      if (bounds.maximized) window.maximize();
      window.show();
    });
    window.on('close', (event) => {
      this.remember(window);
      if (deps.closeToTray() && deps.hasTray() && !deps.isQuitting()) {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.window = window;
    window.loadURL(APP_ENTRY_URL).catch(() => {
      deps.onLoadFailed?.('the window could not load the app (is dist/renderer built?)');
    });
    return window;
  }

  private remember(window: W): void {
    const { x, y, width, height } = window.getNormalBounds();
    const bounds: WindowBounds = { x, y, width, height, maximized: window.isMaximized() };
    saveWindowBounds(this.deps.home, bounds);
  }
}
