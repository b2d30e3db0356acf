import type {
  BearerStatus,
  BearerSummary,
  RecordStorage,
  RevealedBearer,
} from '@shared/domain/bearer';
import type { OpenedRead } from './bearer-at-rest';
import { bearerStatus } from './bearer-status';
import type { BearerRecord } from './bearer-record-reader';
import { recordTokenKind } from './token-kind';

/** A bearer whose record cannot be served: `reason` names the file. */
export function unreadableSummary(
  id: string,
  status: Extract<BearerStatus, 'invalid' | 'busy' | 'locked'>,
  reason: string,
  windowS: number,
  storage: RecordStorage,
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
    storage,
  };
}

export function recordSummary(
  id: string,
  record: BearerRecord,
  warning: string | null,
  nowUnix: number,
  windowS: number,
  storage: RecordStorage = 'plain',
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
    storage,
  };
}

/** Summary of a read that found something (callers handle `absent`). */
export function summarize(
  id: string,
  read: OpenedRead,
  nowUnix: number,
  windowS: number,
): BearerSummary {
  return read.kind === 'record'
    ? recordSummary(id, read.record, read.warning, nowUnix, windowS, read.storage)
    : unreadableSummary(id, read.kind, read.reason, windowS, read.storage);
}

export function reveal(
  id: string,
  record: BearerRecord,
  warning: string | null,
  nowUnix: number,
  windowS: number,
  storage: RecordStorage = 'plain',
): RevealedBearer {
  const summary = recordSummary(id, record, warning, nowUnix, windowS, storage);
  return {
    ...summary,
    expiresAtUnix: record.expiresAtUnix,
    expiresInS: record.expiresAtUnix - nowUnix,
    accessToken: record.accessToken,
    refreshToken: record.refreshToken,
  };
}
