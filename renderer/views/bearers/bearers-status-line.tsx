/** The line under the table: the selected bearer's refresh, a reload's progress, and the keys. */
import type { BearerSummary } from '../../lib/bearer-ref';
import type { RefreshEntry } from '../../stores/refresh-slice';
import { useAppStore } from '../../stores/use-app-store';
import { RefreshOutcomeText } from './refresh-outcome';

export function BearersStatusLine({
  row,
  refresh,
}: {
  row: BearerSummary | undefined;
  refresh: RefreshEntry | undefined;
}) {
  const phase = useAppStore((state) => state.bearers.phase);
  const progress = useAppStore((state) => state.bearers.progress);
  const total = useAppStore((state) => state.bearers.rows.size);
  return (
    <footer className="statusbar">
      <span role="status" aria-live="polite">
        {row !== undefined && refresh !== undefined && (
          <>
            <span className="mono">{row.id}</span>: <RefreshOutcomeText entry={refresh} />
          </>
        )}
      </span>
      {phase === 'loading' && total > 0 && (
        <span className="progress" role="status">
          Reading bearers again
          {progress !== null && progress.total > 0 && (
            <progress max={progress.total} value={progress.done} />
          )}
        </span>
      )}
      <span className="hints" aria-hidden="true">
        <span>
          <kbd>/</kbd> filter
        </span>
        <span>
          <kbd>↑</kbd>
          <kbd>↓</kbd> move
        </span>
        <span>
          <kbd>Enter</kbd> inspect
        </span>
        <span>
          <kbd>r</kbd> refresh
        </span>
        <span>
          <kbd>?</kbd> all keys
        </span>
      </span>
    </footer>
  );
}
