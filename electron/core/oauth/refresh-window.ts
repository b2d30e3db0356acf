/**
 * When a bearer is due for a refresh. The seed broker's predicate (near
 * expiry: expires_at <= now + window) with one change: the window is at most
 * half the token's lifetime when the token says what that is (JWT iat and
 * exp). A 5-minute window on a 2-minute token would otherwise refresh it on
 * every single call.
 *
 * The lifetime is read here with a few lines of base64 and JSON rather than
 * the inspect decoders: this runs before every `credvault token`, needs two
 * numbers and no verification, and must never throw on a token it cannot read.
 */

export const DEFAULT_REFRESH_WINDOW_S = 300;

/** exp - iat of a JWT, in seconds; null when the token is not a JWT carrying both. */
export function jwtLifetimeS(token: string): number | null {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1] || parts[1].length > 16_384) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (claims === null || typeof claims !== 'object') return null;
  const { iat, exp } = claims as { iat?: unknown; exp?: unknown };
  if (
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    !Number.isFinite(iat) ||
    !Number.isFinite(exp)
  )
    return null;
  return exp > iat ? exp - iat : null;
}

/** min(configured window, half the lifetime when known), whole seconds. */
export function effectiveWindowS(accessToken: string, configuredS: number): number {
  const lifetime = jwtLifetimeS(accessToken);
  return lifetime === null ? configuredS : Math.min(configuredS, Math.floor(lifetime / 2));
}

export interface RefreshDue {
  due: boolean;
  windowS: number;
}

export function refreshDue(
  record: { accessToken: string; expiresAtUnix: number },
  nowUnix: number,
  configuredS: number,
): RefreshDue {
  const windowS = effectiveWindowS(record.accessToken, configuredS);
  return { due: record.expiresAtUnix <= nowUnix + windowS, windowS };
}
