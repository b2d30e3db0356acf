/**
 * The add-bearer form's checks and sums, kept out of the dialog so they can
 * be tested: the id as the core checks it (the core also refuses an id
 * shaped like a secret, and says so itself), the expiry from either of the
 * two ways to give it, and where a bearer's files live.
 */

/** The core's rule (electron/core/bearers/bearer-id.ts): ids become folder names. */
const BEARER_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Why `id` cannot be a bearer id, naming the field; null when it can. Never quotes the id. */
export function bearerIdProblem(id: string): string | null {
  if (id === '') return 'Bearer ID: enter an id, e.g. ci-bot.';
  if (BEARER_ID_PATTERN.test(id)) return null;
  if (id.length > 128) return `Bearer ID: at most 128 characters (this one has ${id.length}).`;
  if (id.startsWith('.')) return 'Bearer ID: may not start with ".".';
  return 'Bearer ID: only letters, digits, ".", "_" and "-" (no spaces or slashes).';
}

export type ExpiryInput =
  | { kind: 'in'; minutes: string }
  /** A `datetime-local` value (local time, no zone): "2026-11-24T10:30". */
  | { kind: 'at'; local: string };

export type ExpiryResult = { ok: true; unix: number } | { ok: false; problem: string };

const MAX_MINUTES = 10 * 365 * 24 * 60;

/** Whole Unix seconds from the form's expiry; `nowUnix` in seconds (fractional). */
export function expiryFromInput(input: ExpiryInput, nowUnix: number): ExpiryResult {
  if (input.kind === 'in') {
    const text = input.minutes.trim();
    if (!/^\d+$/.test(text)) {
      return { ok: false, problem: 'Expires in: a whole number of minutes, e.g. 60.' };
    }
    const minutes = Number(text);
    if (minutes < 1 || minutes > MAX_MINUTES) {
      return { ok: false, problem: `Expires in: between 1 and ${MAX_MINUTES} minutes.` };
    }
    return { ok: true, unix: Math.floor(nowUnix) + minutes * 60 };
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(input.local);
  if (match === null) return { ok: false, problem: 'Expires at: pick a date and a time.' };
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  // Local time, as the field shows it to the user.
  const ms = new Date(year!, month! - 1, day!, hour!, minute!, second!).getTime();
  if (Number.isNaN(ms)) return { ok: false, problem: 'Expires at: not a date.' };
  return { ok: true, unix: Math.floor(ms / 1000) };
}

/** The `datetime-local` value for an instant (local time), e.g. to prefill the field. */
export function localInputValue(unix: number): string {
  const date = new Date(unix * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(
    date.getHours(),
  )}:${two(date.getMinutes())}`;
}

/** The configured roots, the vault's default root (`<home>/bearers`) first, as the CLI's default. */
export function rootChoices(roots: readonly string[], home: string | undefined): string[] {
  const preferred = home === undefined ? undefined : roots.find((p) => p === `${home}/bearers`);
  return preferred === undefined
    ? [...roots]
    : [preferred, ...roots.filter((p) => p !== preferred)];
}

/** The bearer's folder, in the root's own separator style. */
export function bearerFolder(root: string, id: string): string {
  const separator = root.includes('/') || !root.includes('\\') ? '/' : '\\';
  return `${root.replace(/[\\/]+$/, '')}${separator}${id}`;
}

/** The files a delete removes, as the core's `rm` removes them (bearer-folder.ts). */
export const BEARER_FILE_NAMES = [
  'access_token.json',
  'refresh_token.json',
  'expires_at.json',
] as const;
