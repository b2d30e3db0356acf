/**
 * How long until (or since) a bearer's expiry, in words, rounded to the
 * minute: the tray menu and the notifications say it the same way. The
 * renderer's live countdown is its own; this is for text built once.
 */

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  }
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

/** "expires in 4 min", "expired 2 h 5 min ago", "expires in under a minute", "expired just now". */
export function expiryPhrase(expiresAtUnix: number, nowUnix: number): string {
  const seconds = expiresAtUnix - nowUnix;
  const minutes = Math.round(Math.abs(seconds) / 60);
  if (seconds > 0)
    return minutes === 0 ? 'expires in under a minute' : `expires in ${duration(minutes)}`;
  return minutes === 0 ? 'expired just now' : `expired ${duration(minutes)} ago`;
}
