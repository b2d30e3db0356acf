import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../test-support/temp-dir';
import { applyLaunchAtLogin, AUTOSTART_FILE, autostartEntry } from './login-item';

describe('launch at login', () => {
  it('macOS and Windows: Electron’s login item, started hidden', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const setLoginItemSettings = vi.fn();
      const deps = { platform, setLoginItemSettings, env: {}, execPath: '/x' };
      expect(applyLaunchAtLogin(true, deps)).toBe(true);
      expect(applyLaunchAtLogin(false, deps)).toBe(true);
      expect(setLoginItemSettings.mock.calls).toEqual([
        [{ openAtLogin: true, args: ['--hidden'] }],
        [{ openAtLogin: false, args: ['--hidden'] }],
      ]);
    }
  });

  it('Linux: an XDG autostart entry, written when on and removed when off', () => {
    const config = makeTempDir();
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings: vi.fn(),
      env: { XDG_CONFIG_HOME: config },
      execPath: '/opt/Credvault/credvault',
    };
    const file = join(config, 'autostart', AUTOSTART_FILE);
    expect(applyLaunchAtLogin(true, deps)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Credvault/credvault" --hidden\n');
    expect(applyLaunchAtLogin(false, deps)).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(applyLaunchAtLogin(false, deps)).toBe(true);
    expect(deps.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('Linux: an AppImage starts itself, not its temporary mount', () => {
    const home = makeTempDir();
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings: vi.fn(),
      env: { HOME: home, APPIMAGE: '/home/u/Apps/Credvault.AppImage' },
      execPath: '/tmp/.mount_Credva/credvault',
    };
    applyLaunchAtLogin(true, deps);
    expect(readFileSync(join(home, '.config', 'autostart', AUTOSTART_FILE), 'utf8')).toContain(
      'Exec="/home/u/Apps/Credvault.AppImage" --hidden',
    );
  });

  it('quotes a path with spaces and shell characters as the spec asks', () => {
    expect(autostartEntry('/opt/My Apps/cred"vault$')).toContain(
      'Exec="/opt/My Apps/cred\\"vault\\$" --hidden',
    );
  });

  it('reports false, never throws, where it cannot', () => {
    const deps = {
      platform: 'linux' as const,
      setLoginItemSettings: vi.fn(),
      env: {},
      execPath: '/x',
    };
    expect(applyLaunchAtLogin(true, deps)).toBe(false);
    const failing = {
      platform: 'darwin' as const,
      setLoginItemSettings: () => {
        throw new Error('not allowed');
      },
      env: {},
      execPath: '/x',
    };
    expect(applyLaunchAtLogin(true, failing)).toBe(false);
  });
});
