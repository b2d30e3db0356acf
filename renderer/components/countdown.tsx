import { formatCountdown, formatLocalTime, formatUtc } from '../lib/time-text';
import { useNowSeconds } from '../views/use-now';

/** Time left until (or since) an expiry, ticking while on screen; the tooltip has the instant. */
export function Countdown({ expiresAtUnix }: { expiresAtUnix: number | null }) {
  const now = useNowSeconds();
  const title =
    expiresAtUnix === null
      ? 'expiry unknown'
      : `${formatLocalTime(expiresAtUnix)} local · ${formatUtc(expiresAtUnix)}`;
  return <span title={title}>{formatCountdown(expiresAtUnix, now)}</span>;
}
