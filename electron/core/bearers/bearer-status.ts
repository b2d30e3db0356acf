import type { BearerStatus } from '@shared/domain/bearer';

/**
 * The seed broker's predicate: near expiry means expires_at <= now + window,
 * and an expired token (expires_at <= now) is reported as expired.
 */
export function bearerStatus(
  expiresAtUnix: number,
  nowUnix: number,
  windowS: number,
): BearerStatus {
  if (expiresAtUnix <= nowUnix) return 'expired';
  if (expiresAtUnix <= nowUnix + windowS) return 'near_expiry';
  return 'ok';
}
