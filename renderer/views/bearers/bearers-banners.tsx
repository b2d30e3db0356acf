/** What the list says about itself: a failed list, roots it could not read, a cold list's progress, no rows. */
import { useActions, useAppStore } from '../../stores/use-app-store';

export function BearersBanners() {
  const actions = useActions();
  const phase = useAppStore((state) => state.bearers.phase);
  const error = useAppStore((state) => state.bearers.error);
  const rootErrors = useAppStore((state) => state.bearers.rootErrors);
  return (
    <div>
      {phase === 'failed' && error !== null && (
        <div className="banner danger" role="alert">
          <p>The bearers could not be listed: {error}</p>
          <button type="button" className="button" onClick={() => void actions.loadBearers()}>
            Try again
          </button>
        </div>
      )}
      {rootErrors.map(({ root, error: reason }) => (
        <div key={root} className="banner warn" role="alert">
          <p>
            Root <code>{root}</code> could not be read: {reason}
          </p>
        </div>
      ))}
    </div>
  );
}

export function EmptyBearers({ total, filter }: { total: number; filter: string }) {
  const phase = useAppStore((state) => state.bearers.phase);
  const progress = useAppStore((state) => state.bearers.progress);
  if (phase === 'loading' && total === 0) {
    return (
      <div className="empty" role="status">
        <span className="spinner" aria-hidden="true" /> Reading bearers
        {progress !== null && progress.total > 0
          ? ` … ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}`
          : ' …'}
      </div>
    );
  }
  if (phase === 'failed' && total === 0) return null;
  if (total === 0) {
    return (
      <div className="empty">
        No bearers yet. Put one with <code>credvault bearers put ID</code>, or point a root at a
        folder that holds some; bearers written by other programs appear here as they are written.
      </div>
    );
  }
  return (
    <div className="empty">
      No bearer matches <code>{filter}</code>.
    </div>
  );
}
