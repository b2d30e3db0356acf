/** The bearers table's columns: header text, sort key, and how a kind reads. */
import type { SortKey } from '../../lib/bearer-order';
import type { BearerSummary } from '../../lib/bearer-ref';

export const COLUMNS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'id', label: 'ID' },
  { key: 'root', label: 'Root' },
  { key: 'status', label: 'Status' },
  { key: 'expiry', label: 'Expires' },
  { key: 'tokenKind', label: 'Token' },
  { key: 'provider', label: 'Provider' },
  { key: 'warning', label: 'Warning' },
];

/**
 * A column's aria-colindex (1-based, in the full set). Every cell carries
 * it, so the columns keep their numbers when the Root column is hidden.
 */
export function columnIndex(key: SortKey): number {
  return COLUMNS.findIndex((column) => column.key === key) + 1;
}

const KIND_LABELS: Record<NonNullable<BearerSummary['tokenKind']>, string> = {
  jwt: 'JWT',
  'paseto-v4-public': 'PASETO v4',
  opaque: 'opaque',
  'not-a-token': 'not a token',
};

export function kindLabel(kind: BearerSummary['tokenKind']): string {
  return kind === null ? '—' : KIND_LABELS[kind];
}
