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

export function EmptyBearers({
  total,
  filter,
  onAdd,
}: {
  total: number;
  filter: string;
  onAdd(): void;
}) {
  const actions = useActions();
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
    // First run, or every root is empty: what to do next, three ways.
    return (
      <div className="empty first-run" aria-labelledby="first-run-title">
        <p id="first-run-title">
          <strong>No bearers yet.</strong>
        </p>
        <ul>
          <li>
            <button type="button" className="button primary" onClick={onAdd}>
              Add bearer
            </button>{' '}
            paste a token (with its refresh token and expiry), or get one from a provider.
          </li>
          <li>
            Or{' '}
            <button
              type="button"
              className="button link"
              onClick={() => actions.showView('settings')}
            >
              add a root in Settings
            </button>{' '}
            that points at a folder where programs already keep bearers; they appear here as they
            are written.
          </li>
          <li>
            Or from a terminal: <code>credvault bearers put ID</code>, the token as JSON on standard
            input.
          </li>
        </ul>
      </div>
    );
  }
  return (
    <div className="empty">
      No bearer matches <code>{filter}</code>.
    </div>
  );
}
