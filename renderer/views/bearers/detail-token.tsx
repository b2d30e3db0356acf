/** The detail's token (masked, Reveal, Copy) and its expiry and refresh. */
import { Countdown } from '../../components/countdown';
import { bearerKey, type BearerSummary } from '../../lib/bearer-ref';
import { formatLocalTime, formatUtc } from '../../lib/time-text';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { kindLabel } from './bearer-columns';
import { RefreshOutcomeText } from './refresh-outcome';

const MASK = '•'.repeat(24);

export function TokenSection({ row }: { row: BearerSummary }) {
  const actions = useActions();
  const reveal = useAppStore((state) => state.detail.reveal);
  const copy = useAppStore((state) => state.detail.copy);
  const browser = useAppStore((state) => state.app.info?.mode === 'browser');
  const readable = row.error === null;
  const copying = copy.state === 'copying';

  return (
    <section className="section" aria-labelledby="token-title">
      <h3 id="token-title">
        Access token
        {row.tokenKind !== null && <span className="chip">{kindLabel(row.tokenKind)}</span>}
      </h3>
      <div className="token-box">
        {reveal.state === 'shown' ? (
          <output aria-label="Access token">{reveal.accessToken}</output>
        ) : (
          <span className="masked" aria-label="Access token, hidden">
            {MASK}
          </span>
        )}
      </div>
      <div className="token-actions">
        {reveal.state === 'shown' ? (
          <button type="button" className="button" onClick={actions.hideToken}>
            Hide
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={!readable || reveal.state === 'revealing'}
            onClick={() => void actions.revealToken()}
          >
            {reveal.state === 'revealing' ? 'Revealing…' : 'Reveal'}
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={!readable || copying}
          onClick={() => void actions.copyToken('token')}
        >
          Copy
        </button>
        <button
          type="button"
          className="button"
          disabled={!readable || copying}
          onClick={() => void actions.copyToken('header')}
        >
          Copy as header
        </button>
      </div>
      <p className="note" role="status" aria-live="polite">
        {reveal.state === 'failed' && <span className="note error">{reveal.message}</span>}
        {copy.state === 'copying' && 'Copying…'}
        {copy.state === 'done' && <span className="note ok">{copy.message}</span>}
        {copy.state === 'failed' && <span className="note error">{copy.message}</span>}
        {copy.state === 'idle' &&
          reveal.state !== 'failed' &&
          (browser
            ? 'Copy in a browser reveals the token to this page for the copy; the browser cannot clear the clipboard later.'
            : 'Copy puts the token on the clipboard without showing it here.')}
      </p>
    </section>
  );
}

function Instant({ unix }: { unix: number }) {
  return (
    <>
      {formatLocalTime(unix)} <span className="sub">(</span>
      <Countdown expiresAtUnix={unix} />
      <span className="sub">) · {formatUtc(unix)}</span>
    </>
  );
}

export function ExpirySection({ row }: { row: BearerSummary }) {
  const actions = useActions();
  const refresh = useAppStore((state) => state.refreshes.get(bearerKey(row)));
  const running = refresh?.state === 'running';
  return (
    <section className="section" aria-labelledby="expiry-title">
      <h3 id="expiry-title">
        Expiry and refresh
        <span className="actions">
          <button
            type="button"
            className="button primary"
            disabled={running}
            onClick={() => void actions.refreshBearer(row)}
          >
            {running ? 'Refreshing…' : 'Refresh'}
          </button>
        </span>
      </h3>
      <dl className="facts">
        <dt>Expires</dt>
        <dd>{row.expiresAtUnix === null ? '—' : <Instant unix={row.expiresAtUnix} />}</dd>
        <dt>Near-expiry window</dt>
        <dd>{row.windowS} s</dd>
        <dt>Stored</dt>
        <dd>{row.storage}</dd>
      </dl>
      {refresh !== undefined && (
        <p className="note" role="status" aria-live="polite">
          <RefreshOutcomeText entry={refresh} />
        </p>
      )}
    </section>
  );
}
