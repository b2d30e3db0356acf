/**
 * Where the vault keeps its files. `$CREDVAULT_HOME` wins; otherwise the OS
 * app-data folder, the same one Electron's `app.getPath('userData')` uses.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface VaultPaths {
  home: string;
  defaultBearerRoot: string;
  defaultKeyFile: string;
}

export function resolveVaultHome(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.CREDVAULT_HOME) return env.CREDVAULT_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'credvault');
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'credvault');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'credvault');
}

export function vaultPaths(home: string): VaultPaths {
  return {
    home,
    defaultBearerRoot: join(home, 'bearers'),
    defaultKeyFile: join(home, 'keys.json'),
  };
}
