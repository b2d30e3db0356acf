/**
 * What the Settings view checks before it asks the vault, and how it words
 * seconds. The vault checks again; these only turn a typo into a message
 * beside its field instead of a round trip.
 */

import { isAbsolutePath } from '../../lib/paths';

/** The near-expiry window's bounds (shared/schemas/common.ts). */
export const MAX_WINDOW_S = 365 * 24 * 3600;
/** The clipboard clear time's bounds (shared/schemas/settings.ts). */
export const MAX_CLIPBOARD_CLEAR_S = 3600;

/** Why `path` cannot be added, or null. */
export function pathProblem(path: string): string | null {
  if (path === '') return 'Path: type the full path of the file or folder';
  if (!isAbsolutePath(path)) return 'Path: give the full path, starting with / (e.g. /srv/bearers)';
  return null;
}

/** Whole seconds from 0 to `max` typed in a field, or null when the text is not that. */
export function parseSeconds(text: string, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value <= max ? value : null;
}

/** "300 s (5 min)", "0 s", "90 s (1 min 30 s)": seconds with a readable reading. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const parts = [
    days > 0 ? `${days} d` : '',
    hours > 0 ? `${hours} h` : '',
    minutes > 0 ? `${minutes} min` : '',
    rest > 0 ? `${rest} s` : '',
  ].filter((part) => part !== '');
  return `${seconds} s (${parts.join(' ')})`;
}

/** The vault's default bearer root, `<home>/bearers`, which the vault never removes. */
export function defaultRootOf(home: string): string {
  const separator = home.includes('\\') && !home.includes('/') ? '\\' : '/';
  return `${home.replace(/[\\/]+$/, '')}${separator}bearers`;
}
