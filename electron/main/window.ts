/**
 * The window's security settings, in one place: what the page may do is
 * decided here, before it loads. The renderer is a web page with a vault
 * behind it, so it gets the least Electron offers: context isolation, the
 * sandbox, no Node, web security on, no <webview>; it may not navigate, open
 * windows, ask for permissions or load anything but the app's own files.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import type { WindowBounds } from './window-state';

export const MIN_WIDTH = 720;
export const MIN_HEIGHT = 480;

export function mainWindowOptions(
  preload: string,
  bounds: WindowBounds,
): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x === undefined || bounds.y === undefined ? {} : { x: bounds.x, y: bounds.y }),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Credvault',
    // Shown once the page has painted ('ready-to-show'), never as a white flash.
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** The members of Electron's event object used here. */
interface Preventable {
  preventDefault(): void;
}

/** The members of the window's WebContents that hardening needs. */
export interface HardenableContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview',
    listener: (event: Preventable) => void,
  ): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
}

/**
 * No navigation of any kind (the renderer is one page that never navigates;
 * a link or a script trying to leave it is refused), no new windows, no
 * <webview>.
 */
export function hardenContents(contents: HardenableContents): void {
  const refuse = (event: Preventable) => event.preventDefault();
  contents.on('will-navigate', refuse);
  contents.on('will-redirect', refuse);
  contents.on('will-attach-webview', refuse);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The members of Electron's Session that the window's policy sets. */
export interface PolicySession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  webRequest: {
    onBeforeRequest(
      listener: (
        details: { url: string },
        callback: (response: { cancel: boolean }) => void,
      ) => void,
    ): void;
  };
}

/** Whether the page may load `url`: the app's own files (and inline data: images) only. */
export function isAppResource(url: string): boolean {
  return url.startsWith(`${APP_ORIGIN}/`) || url.startsWith('data:') || url.startsWith('devtools:');
}

/**
 * Every permission refused (camera, notifications, clipboard reads, ...):
 * the page needs none, and notifications and copying are main's job. Every
 * request that is not for the app's own files is cancelled, beneath the CSP.
 */
export function applySessionPolicy(session: PolicySession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAppResource(details.url) }),
  );
}
