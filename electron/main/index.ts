/**
 * The desktop app's main process: the only file that loads `electron`, and
 * it only wires. The vault session runs in a worker thread this process
 * owns (electron/core/host/); the window reaches it through the contract
 * over IPC (ipc/serve-contract.ts), as a page; the tray, notifications,
 * clipboard, wake-up and settings are the modules beside this one, each
 * handed the Electron APIs it uses.
 *
 * The vault's home is the CLI's (resolveVaultHome: $CREDVAULT_HOME or the
 * OS app-data folder named credvault), never Electron's userData, whose name
 * follows the product name: the app and the CLI share one vault.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  clipboard,
  ClipboardItem,
  dialog,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  protocol,
  screen,
  session,
  Tray,
  type NativeImage,
} from 'electron';
import { ContractError } from '@shared/contract';
import type { BearerRef } from '@shared/schemas/common';
import { clipboardHandlers } from '../core/host/host-side-handlers';
import { startVaultWorker } from '../core/host/worker-host';
import { resolveVaultHome } from '../core/vault-paths';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './app-protocol';
import {
  AppSettingsFollower,
  claimSingleInstance,
  cleanUpBeforeQuit,
  followResume,
} from './app-lifecycle';
import { SecretClipboard } from './clipboard';
import { serveContractOnIpcMain } from './ipc/serve-contract';
import { applyLaunchAtLogin, HIDDEN_FLAG } from './login-item';
import { MainWindow } from './main-window';
import { DesktopNotifications } from './notifications';
import { PathDialog } from './path-dialog';
import { trayIconFiles, VaultTray } from './tray';
import type { TrayState } from './tray-icons/draw-icon';
import { applySessionPolicy } from './window';

const here = dirname(fileURLToPath(import.meta.url)); // out/main
const RENDERER_DIR = join(here, '..', '..', 'dist', 'renderer');
const PRELOAD = join(here, '..', 'preload', 'index.cjs');
const ICONS_DIR = join(here, 'tray-icons');
const QUIT_CLEANUP_MS = 6_000;
const CHROMIUM_DATA_DIR = 'credvault-electron';

// Chromium's own files (caches, the page's storage, the single-instance
// lock) go to a folder of their own. By default that is userData, named after
// the app, which on macOS and Windows (case-insensitive) is the vault's own
// folder: Chromium's files have no place among the vault's.
app.setPath('userData', join(app.getPath('appData'), CHROMIUM_DATA_DIR));

// Before 'ready', or the scheme is not a standard, secure one.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

function trayImage(state: TrayState): NativeImage {
  const image = nativeImage.createEmpty();
  for (const { file, scaleFactor } of trayIconFiles(process.platform, state)) {
    const png = nativeImage.createFromPath(join(ICONS_DIR, file)).toPNG();
    image.addRepresentation({ scaleFactor, buffer: png });
  }
  if (process.platform === 'darwin') image.setTemplateImage(true);
  return image;
}

async function run(mainWindow: MainWindow<BrowserWindow>, isQuitting: () => boolean) {
  await app.whenReady();
  const home = resolveVaultHome(process.env);
  applySessionPolicy(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_DIR));
  Menu.setApplicationMenu(
    process.platform === 'darwin'
      ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }])
      : null,
  );

  const secretClipboard = new SecretClipboard({
    clipboard,
    makeItem: (entries) => new ClipboardItem(entries),
    platform: process.platform,
  });
  const vault = await startVaultWorker({
    home,
    watch: true,
    mode: 'desktop',
    version: app.getVersion(),
    hostSide: clipboardHandlers(secretClipboard),
    // The window's calls that add a path wait for the user's say in this dialog.
    confirm: new PathDialog((options) => {
      const window = mainWindow.current();
      return window === null
        ? dialog.showMessageBox(options)
        : dialog.showMessageBox(window, options);
    }),
  });
  vault.onCrash((error) => {
    dialog.showErrorBox('Credvault', `${error.message}. Start Credvault again.`);
    app.quit();
  });
  // Main's own calls (tray, wake-up, settings) are trusted; the window's are a page's.
  const own = vault.connect({ transport: 'worker' });
  const page = vault.connect({ transport: 'ipc' });

  const settings = new AppSettingsFollower((enabled) => {
    applyLaunchAtLogin(enabled, {
      platform: process.platform,
      setLoginItemSettings: (value) => app.setLoginItemSettings(value),
      env: process.env,
      execPath: process.execPath,
    });
  });
  await settings.follow(own);
  mainWindowSettings.closeToTray = () => settings.closeToTray;

  const served = serveContractOnIpcMain({
    contents: () => mainWindow.current()?.webContents ?? null,
    origin: APP_ORIGIN,
    client: page,
    onRefused: (reason) => console.error(`credvault: refused an IPC call: ${reason}`),
  });
  const openBearer = (ref: BearerRef | null) =>
    mainWindow.showThen(() => {
      if (ref !== null) served.sendEvent('credvault:bearers.open', { ref });
    });

  const notifications = new DesktopNotifications({
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    open: openBearer,
  });
  notifications.follow(own);

  const icons = new Map<TrayState, NativeImage>();
  const tray = new VaultTray<NativeImage, Menu>({
    tray: new Tray(trayImage('ok')),
    icon: (state) => icons.get(state) ?? icons.set(state, trayImage(state)).get(state)!,
    buildMenu: (entries) => Menu.buildFromTemplate(entries),
    client: own,
    showBearer: openBearer,
    openWindow: () => mainWindow.show(),
    quit: () => app.quit(),
    onRefreshFailed: (ref, message) =>
      notifications.show({
        key: `refresh-failed:${JSON.stringify([ref.root, ref.id])}`,
        title: `Could not refresh ${ref.id}`,
        body: message,
        ref,
      }),
  });
  mainWindowSettings.hasTray = () => true;
  await tray.start();

  followResume(powerMonitor, own);
  cleanUpBeforeQuit(
    app,
    async () => {
      await secretClipboard.clearNow();
      tray.dispose();
      served.stop();
      own.close();
      page.close();
      await vault.close();
    },
    QUIT_CLEANUP_MS,
  );

  // Started at login with close-to-tray on: the tray is the app until clicked.
  if (!(process.argv.includes(HIDDEN_FLAG) && settings.closeToTray)) mainWindow.show();
  app.on('activate', () => mainWindow.show());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' || isQuitting()) app.quit();
  });
}

/** What the window asks of settings and tray, filled in once they exist. */
const mainWindowSettings = { closeToTray: () => false, hasTray: () => false };

let quitting = false;
const mainWindow = new MainWindow<BrowserWindow>({
  createWindow: (options) => new BrowserWindow(options),
  preload: PRELOAD,
  home: resolveVaultHome(process.env),
  workAreas: () => screen.getAllDisplays().map((display) => display.workArea),
  closeToTray: () => mainWindowSettings.closeToTray(),
  hasTray: () => mainWindowSettings.hasTray(),
  isQuitting: () => quitting,
  onLoadFailed: (reason) => console.error(`credvault: ${reason}`),
});

if (!claimSingleInstance(app, () => mainWindow.show())) {
  app.quit();
} else {
  app.on('before-quit', () => {
    quitting = true;
  });
  run(mainWindow, () => quitting).catch((error: unknown) => {
    // The vault's own words only (a ContractError never holds a secret); anything else is a bug.
    const message =
      error instanceof ContractError
        ? error.message
        : 'the vault could not start (an internal error)';
    dialog.showErrorBox('Credvault could not start', message);
    app.exit(1);
  });
}
