import type { BearerStatus, BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import { bearerStatus } from './bearer-status';
import type { BearerRead, BearerRecord } from './bearer-record-reader';
import { recordTokenKind } from './token-kind';

/** A bearer whose record cannot be served: `reason` names the file. */
export function unreadableSummary(
  id: string,
  status: Extract<BearerStatus, 'invalid' | 'busy'>,
  reason: string,
  windowS: number,
): BearerSummary {
  return {
    id,
    status,
    expiresAtUnix: null,
    expiresInS: null,
    windowS,
    error: reason,
    warning: null,
    tokenKind: null,
  };
}

export function recordSummary(
  id: string,
  record: BearerRecord,
  warning: string | null,
  nowUnix: number,
  windowS: number,
): BearerSummary {
  return {
    id,
    status: bearerStatus(record.expiresAtUnix, nowUnix, windowS),
    expiresAtUnix: record.expiresAtUnix,
    expiresInS: record.expiresAtUnix - nowUnix,
    windowS,
    error: null,
    warning,
    tokenKind: recordTokenKind(record),
  };
}

/** Summary of a read that found something (callers handle `absent`). */
export function summarize(
  id: string,
  read: Exclude<BearerRead, { kind: 'absent' }>,
  nowUnix: number,
  windowS: number,
): BearerSummary {
  return read.kind === 'record'
    ? recordSummary(id, read.record, read.warning, nowUnix, windowS)
    : unreadableSummary(id, read.kind, read.reason, windowS);
}

export function reveal(
  id: string,
  record: BearerRecord,
  warning: string | null,
  nowUnix: number,
  windowS: number,
): RevealedBearer {
  const summary = recordSummary(id, record, warning, nowUnix, windowS);
  return {
    ...summary,
    expiresAtUnix: record.expiresAtUnix,
    expiresInS: record.expiresAtUnix - nowUnix,
    accessToken: record.accessToken,
    refreshToken: record.refreshToken,
  };
}
