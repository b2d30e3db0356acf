import type { BearerSummary, RevealedBearer } from '@shared/domain/bearer';
import { bearerStatus } from './bearer-status';
import type { BearerRead, BearerRecord } from './bearer-record-reader';

export function invalidSummary(id: string, reason: string): BearerSummary {
  return { id, status: 'invalid', expiresAtUnix: null, expiresInS: null, error: reason };
}

export function recordSummary(
  id: string,
  record: BearerRecord,
  nowUnix: number,
  windowS: number,
): BearerSummary {
  return {
    id,
    status: bearerStatus(record.expiresAtUnix, nowUnix, windowS),
    expiresAtUnix: record.expiresAtUnix,
    expiresInS: record.expiresAtUnix - nowUnix,
    error: null,
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
    ? recordSummary(id, read.record, nowUnix, windowS)
    : invalidSummary(id, read.reason);
}

export function reveal(
  id: string,
  record: BearerRecord,
  nowUnix: number,
  windowS: number,
): RevealedBearer {
  const summary = recordSummary(id, record, nowUnix, windowS);
  return {
    ...summary,
    expiresAtUnix: record.expiresAtUnix,
    expiresInS: record.expiresAtUnix - nowUnix,
    accessToken: record.accessToken,
    refreshToken: record.refreshToken,
  };
}
