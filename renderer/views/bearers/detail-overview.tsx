/**
 * The inspector's first lines: what the token is, when it ends, and the two
 * checks (signature, break-glass) with their reasons, so the answers a user
 * opens the inspector for are above the fold. The sections below hold the
 * details behind each.
 */
import type { ReactNode } from 'react';
import { Countdown } from '../../components/countdown';
import { ResultBadge } from '../../components/status-badge';
import type { BearerSummary } from '../../lib/bearer-ref';
import { formatLocalTime } from '../../lib/time-text';
import { useActions, useAppStore } from '../../stores/use-app-store';
import { kindLabel } from './bearer-columns';

function Tile({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Pending({ what }: { what: string }) {
  return (
    <span className="sub" role="status">
      <span className="spinner" aria-hidden="true" /> {what}…
    </span>
  );
}

function SignatureTile() {
  const inspection = useAppStore((state) => state.detail.inspection);
  if (inspection.state === 'ready') {
    const { state, reason } = inspection.value.signature;
    return (
      <>
        <ResultBadge value={state} />
        {reason !== null && <span className="reason-text">{reason}</span>}
      </>
    );
  }
  if (inspection.state === 'failed') return <span className="sub">not inspected</span>;
  return <Pending what="checking" />;
}

function BreakGlassTile() {
  const actions = useActions();
  const sv = useAppStore((state) => state.detail.sv);
  const check = (
    <button
      type="button"
      className="button small"
      disabled={sv.state === 'loading'}
      title="Asks the provider whether this token’s session version is still current (a network call)"
      onClick={() => void actions.checkSv()}
    >
      {sv.state === 'ready' || sv.state === 'failed' ? 'Check again' : 'Check'}
    </button>
  );
  return (
    <>
      {sv.state === 'idle' && <span className="sub">not checked</span>}
      {sv.state === 'loading' && <Pending what="asking the provider" />}
      {sv.state === 'failed' && <span className="reason-text error">{sv.message}</span>}
      {sv.state === 'ready' && (
        <>
          <ResultBadge value={sv.value.result} />
          {sv.value.reason !== null && <span className="reason-text">{sv.value.reason}</span>}
        </>
      )}
      <span className="tile-action">{check}</span>
    </>
  );
}

export function OverviewSection({ row }: { row: BearerSummary | undefined }) {
  return (
    <section className="section overview" aria-labelledby="overview-title">
      <h3 id="overview-title" className="visually-hidden">
        Overview
      </h3>
      <dl className="tiles">
        <Tile label="Kind">{row === undefined ? '—' : kindLabel(row.tokenKind)}</Tile>
        <Tile label="Expires">
          {row?.expiresAtUnix == null ? (
            '—'
          ) : (
            <>
              <span className="tile-value">
                <Countdown expiresAtUnix={row.expiresAtUnix} />
              </span>
              <span className="sub">{formatLocalTime(row.expiresAtUnix)}</span>
            </>
          )}
        </Tile>
        <Tile label="Signature">
          <SignatureTile />
        </Tile>
        <Tile label="Break-glass">
          <BreakGlassTile />
        </Tile>
      </dl>
    </section>
  );
}
