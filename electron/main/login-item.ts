/**
 * Launch at login (settings.app.launchAtLogin). macOS and Windows have
 * Electron's app.setLoginItemSettings; Linux desktops follow the XDG
 * autostart convention instead, a .desktop file in ~/.config/autostart/,
 * which Electron does not write, so it is written here (atomically, and
 * removed when the setting is turned off).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirSync, writeFileAtomicSync } from '../core/fs/atomic-write';

export const AUTOSTART_FILE = 'credvault.desktop';
/** Started at login: stay in the tray when close-to-tray is on (see index.ts). */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The environment: XDG_CONFIG_HOME, HOME, and APPIMAGE (set when run as an AppImage). */
  env: Record<string, string | undefined>;
  /** The program to start (process.execPath). */
  execPath: string;
}

/** A .desktop file's Exec value: quoted as the Desktop Entry spec asks. */
function execLine(path: string): string {
  return `"${path.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(program: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Credvault',
    'Comment=Warns before your tokens expire',
    `Exec=${execLine(program)} ${HIDDEN_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function autostartDir(env: Record<string, string | undefined>): string | null {
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'autostart');
  return env.HOME ? join(env.HOME, '.config', 'autostart') : null;
}

/** Applies the setting; false when this system offers no way to (reported, never thrown). */
export function applyLaunchAtLogin(enabled: boolean, deps: LoginItemDeps): boolean {
  try {
    if (deps.platform === 'darwin' || deps.platform === 'win32') {
      deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
      return true;
    }
    const dir = autostartDir(deps.env);
    if (dir === null) return false;
    const file = join(dir, AUTOSTART_FILE);
    if (!enabled) {
      rmSync(file, { force: true });
      return true;
    }
    ensurePrivateDirSync(dir, { followLink: true });
    // An AppImage's own path, not the temporary mount the binary runs from.
    writeFileAtomicSync(file, autostartEntry(deps.env.APPIMAGE ?? deps.execPath));
    return true;
  } catch {
    return false;
  }
}
