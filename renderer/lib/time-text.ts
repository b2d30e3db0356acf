/**
 * Times as the UI writes them. The countdown is text only: it never decides
 * a bearer's status (that is the vault's, from its list and its expiry
 * events), so a countdown past zero beside an "ok" badge means the vault
 * has not said so yet, not that the UI guessed.
 */

/** A span in its two largest units: `2d 4h`, `1h 05m`, `4m 12s`, `9s`. */
export function formatSpan(seconds: number): string {
  const s = Math.floor(Math.abs(seconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}

/** `in 4m 12s`, `4m 12s ago`, `now`; `—` when the expiry is unknown. */
export function formatCountdown(expiresAtUnix: number | null, nowUnix: number): string {
  if (expiresAtUnix === null) return '—';
  const delta = expiresAtUnix - Math.floor(nowUnix);
  if (delta === 0) return 'now';
  return delta > 0 ? `in ${formatSpan(delta)}` : `${formatSpan(delta)} ago`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local time, `2026-11-04 14:32:10`, with no locale surprises in a dense table. */
export function formatLocalTime(unix: number): string {
  const d = new Date(unix * 1000);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** The same instant in UTC, for a tooltip or a log. */
export function formatUtc(unix: number): string {
  return new Date(unix * 1000).toISOString().replace('.000Z', 'Z');
}

export function nowUnix(): number {
  return Date.now() / 1000;
}
