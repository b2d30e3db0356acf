/**
 * When a bearer is due for a refresh: exactly when its status is not `ok`
 * (bearer-status.ts, the seed broker's rule: expires_at <= now + window).
 * One predicate for `bearers list`, `refresh`, `token`, `header` and the
 * app, so a bearer listed `near_expiry` is always one a refresh renews.
 *
 * The window is the caller's (`--window`, else 300 s), never derived from
 * the token: an encrypted or locked root cannot show its tokens, and a rule
 * that needs them would answer differently there. A user whose tokens live
 * only a few minutes sets a smaller window.
 */
import { bearerStatus } from '../bearers/bearer-status';

export function refreshDue(expiresAtUnix: number, nowUnix: number, windowS: number): boolean {
  return bearerStatus(expiresAtUnix, nowUnix, windowS) !== 'ok';
}
