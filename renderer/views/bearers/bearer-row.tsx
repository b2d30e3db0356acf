/**
 * One row of the bearers table. Memoized: rows are replaced only when their
 * bearer changed (see the bearers slice), so a change event or a selection
 * move re-renders the rows it touched, and the clock re-renders only the
 * countdown cells on screen.
 */
import { memo } from 'react';
import { Countdown } from '../../components/countdown';
import { StatusBadge } from '../../components/status-badge';
import type { BearerSummary } from '../../lib/bearer-ref';
import type { RefreshEntry } from '../../stores/refresh-slice';
import { columnIndex, kindLabel } from './bearer-columns';

interface BearerRowProps {
  row: BearerSummary;
  index: number;
  start: number;
  selected: boolean;
  /** The Root column's label; null when the column is hidden (one root). */
  rootLabel: string | null;
  refresh: RefreshEntry | undefined;
  onSelect(index: number): void;
  onOpen(index: number): void;
}

export function rowDomId(index: number): string {
  return `bearer-row-${index}`;
}

/** Why the row deserves a look: the vault's error (invalid, busy, locked), or its warning. */
function Reason({ row }: { row: BearerSummary }) {
  if (row.error !== null) {
    return (
      <span className="reason error" title={row.error}>
        <span className="reason-mark" aria-hidden="true">
          ✕
        </span>
        {row.error}
      </span>
    );
  }
  if (row.warning !== null) {
    return (
      <span className="reason warning" title={row.warning}>
        <span className="reason-mark" aria-hidden="true">
          !
        </span>
        {row.warning}
      </span>
    );
  }
  return null;
}

function Expiry({ row, refresh }: { row: BearerSummary; refresh: RefreshEntry | undefined }) {
  if (refresh?.state === 'running') {
    return (
      <span>
        <span className="spinner" aria-hidden="true" /> refreshing…
      </span>
    );
  }
  return <Countdown expiresAtUnix={row.expiresAtUnix} />;
}

export const BearerRow = memo(function BearerRow({
  row,
  index,
  start,
  selected,
  rootLabel,
  refresh,
  onSelect,
  onOpen,
}: BearerRowProps) {
  return (
    <div
      id={rowDomId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className="grid-row"
      style={{ transform: `translateY(${start}px)` }}
      onClick={() => onSelect(index)}
      onDoubleClick={() => onOpen(index)}
    >
      <div role="gridcell" aria-colindex={columnIndex('id')} className="cell mono" title={row.id}>
        {row.id}
      </div>
      {rootLabel !== null && (
        <div
          role="gridcell"
          aria-colindex={columnIndex('root')}
          className="cell mono muted"
          title={row.root}
        >
          {rootLabel}
        </div>
      )}
      <div role="gridcell" aria-colindex={columnIndex('status')} className="cell">
        <StatusBadge status={row.status} />
      </div>
      <div role="gridcell" aria-colindex={columnIndex('expiry')} className="cell numeric">
        <Expiry row={row} refresh={refresh} />
      </div>
      <div role="gridcell" aria-colindex={columnIndex('tokenKind')} className="cell muted">
        {kindLabel(row.tokenKind)}
      </div>
      <div role="gridcell" aria-colindex={columnIndex('provider')} className="cell mono">
        {row.provider ?? <span className="muted">—</span>}
      </div>
      <div role="gridcell" aria-colindex={columnIndex('warning')} className="cell">
        <Reason row={row} />
      </div>
    </div>
  );
});
