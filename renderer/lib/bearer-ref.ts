/**
 * A bearer is (root, id) everywhere; the UI keys its maps and rows by both,
 * since two roots may hold the same id.
 */
import type { z } from 'zod';
import type { bearerSummarySchema } from '@shared/schemas/bearers';
import type { BearerRef } from '@shared/schemas/common';

export type { BearerRef };
export type BearerSummary = z.output<typeof bearerSummarySchema>;
export type BearerStatus = BearerSummary['status'];

/** NUL cannot occur in a path or an id, so the key is unambiguous. */
export function bearerKey(ref: BearerRef): string {
  return `${ref.root}\u0000${ref.id}`;
}

export function sameRef(a: BearerRef | null, b: BearerRef | null): boolean {
  return a !== null && b !== null && a.root === b.root && a.id === b.id;
}

export function refOf(row: BearerRef): BearerRef {
  return { root: row.root, id: row.id };
}

/** Field by field, so an unchanged row keeps its object (and its rendered row). */
export function sameSummary(a: BearerSummary, b: BearerSummary): boolean {
  const ra = a.lastRefresh;
  const rb = b.lastRefresh;
  const sameRefresh =
    ra === rb ||
    (ra !== null &&
      rb !== null &&
      ra.atUnix === rb.atUnix &&
      ra.ok === rb.ok &&
      ra.message === rb.message);
  return (
    sameRefresh &&
    a.root === b.root &&
    a.id === b.id &&
    a.status === b.status &&
    a.expiresAtUnix === b.expiresAtUnix &&
    a.windowS === b.windowS &&
    a.error === b.error &&
    a.warning === b.warning &&
    a.tokenKind === b.tokenKind &&
    a.provider === b.provider &&
    a.keepFresh === b.keepFresh &&
    a.storage === b.storage
  );
}
