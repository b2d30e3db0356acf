/**
 * The bearers table's order. Soonest expiry first by default: what needs the
 * user next is at the top. A bearer whose expiry cannot be read (invalid,
 * busy, locked) counts as sooner than any time, because it is unusable now
 * and its reason deserves a look; ties fall back to root then id, so the
 * order is stable whatever order the rows arrived in.
 */
import type { BearerStatus, BearerSummary } from './bearer-ref';

export const SORT_KEYS = [
  'id',
  'root',
  'status',
  'expiry',
  'tokenKind',
  'provider',
  'warning',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export const DEFAULT_SORT: SortOrder = { key: 'expiry', direction: 'asc' };

/** Most urgent first when ascending. */
const STATUS_RANK: Record<BearerStatus, number> = {
  invalid: 0,
  locked: 1,
  busy: 2,
  expired: 3,
  near_expiry: 4,
  ok: 5,
};

function compareText(a: string | null, b: string | null): number {
  // Empty cells last when ascending: the rows with something to say come first.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareByRef(a: BearerSummary, b: BearerSummary): number {
  return compareText(a.root, b.root) || compareText(a.id, b.id);
}

function compareKey(key: SortKey, a: BearerSummary, b: BearerSummary): number {
  switch (key) {
    case 'id':
      return compareText(a.id, b.id) || compareText(a.root, b.root);
    case 'root':
      return compareText(a.root, b.root);
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'expiry':
      return (a.expiresAtUnix ?? -Infinity) - (b.expiresAtUnix ?? -Infinity) || 0;
    case 'tokenKind':
      return compareText(a.tokenKind, b.tokenKind);
    case 'provider':
      return compareText(a.provider, b.provider);
    case 'warning':
      return compareText(a.error ?? a.warning, b.error ?? b.warning);
  }
}

export function compareBearers(order: SortOrder, a: BearerSummary, b: BearerSummary): number {
  const sign = order.direction === 'asc' ? 1 : -1;
  // The tie-break keeps its own direction so equal keys never shuffle.
  return sign * compareKey(order.key, a, b) || compareByRef(a, b);
}

/** A new sorted array; the input is left as it is. */
export function sortBearers(rows: Iterable<BearerSummary>, order: SortOrder): BearerSummary[] {
  return Array.from(rows).sort((a, b) => compareBearers(order, a, b));
}

/** Clicking a header: the same column flips its direction, another starts ascending. */
export function nextSortOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) {
    return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { key, direction: 'asc' };
}
