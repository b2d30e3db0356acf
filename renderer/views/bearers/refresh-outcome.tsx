/** A refresh in words: running, the new expiry (and what else the server did), or its error. */
import { Countdown } from '../../components/countdown';
import { formatLocalTime } from '../../lib/time-text';
import type { RefreshEntry } from '../../stores/refresh-slice';

export function RefreshOutcomeText({ entry }: { entry: RefreshEntry }) {
  if (entry.state === 'running') {
    return (
      <span>
        <span className="spinner" aria-hidden="true" /> refreshing…
      </span>
    );
  }
  if (entry.state === 'failed') {
    return <span className="note error">refresh failed: {entry.message}</span>;
  }
  const { outcome } = entry;
  return (
    <span className="note ok">
      {outcome.requested ? 'refreshed' : 'not refreshed (not due)'}: expires{' '}
      {formatLocalTime(outcome.expiresAtUnix)} (<Countdown expiresAtUnix={outcome.expiresAtUnix} />)
      {outcome.rotated && '; the server sent a new refresh token'}
      {outcome.conflict !== null && <span className="note warn"> — {outcome.conflict}</span>}
    </span>
  );
}
