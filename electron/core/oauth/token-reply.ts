/**
 * Reads a token endpoint's answer. Done here rather than with oauth4webapi's
 * processors because the seed server's contract is looser than RFC 6749 and
 * the vault must accept it: its replies may lack `token_type`, and an
 * `expires_in` that is missing or not positive means 3600 s; oauth4webapi
 * refuses a reply without `token_type` and one with a negative `expires_in`.
 * Its errors also carry the reply body as their cause, which a vault must
 * never pass on.
 *
 * Failures stay distinct (NetworkError.failure): redirect, HTTP status (with
 * the sanitised OAuth error), body not JSON, no access token.
 */
import { NetworkError } from '../http/network-error';
import { formatOAuthError, oauthErrorText } from './oauth-error-text';

export const DEFAULT_EXPIRES_IN_S = 3600;

export interface TokenReply {
  accessToken: string;
  /** A new refresh token, or null when the server sent none (keep the old one). */
  refreshToken: string | null;
  /** Seconds, always positive (3600 when the server gave none). */
  expiresInS: number;
  scope: string | null;
}

export interface RawReply {
  status: number;
  body: Uint8Array;
}

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) };
  } catch {
    return { ok: false };
  }
}

function expiresInSeconds(value: unknown): number {
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,12}$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isFinite(seconds) && seconds > 0
    ? Math.floor(seconds) || DEFAULT_EXPIRES_IN_S
    : DEFAULT_EXPIRES_IN_S;
}

/**
 * `where` names the endpoint in messages; `secrets` are what the request
 * carried (client secret, refresh token), cut out of any echoed error text.
 */
export function parseTokenReply(
  reply: RawReply,
  where: string,
  secrets: readonly string[],
): TokenReply {
  const { status } = reply;
  if (status >= 300 && status < 400) {
    throw new NetworkError(
      'redirect',
      `token endpoint ${where} answered with a redirect (HTTP ${status}); redirects are not followed`,
      {
        status,
      },
    );
  }
  const parsed = parseJson(reply.body);
  if (status < 200 || status >= 300) {
    const text = oauthErrorText(parsed.ok ? parsed.value : null, secrets);
    const said = formatOAuthError(text);
    throw new NetworkError(
      'http-status',
      `token endpoint ${where} refused the request: HTTP ${status}${said ? ` ${said}` : ' (no OAuth error in the reply)'}`,
      { status, oauthError: text.error },
    );
  }
  if (!parsed.ok) {
    throw new NetworkError(
      'not-json',
      `token endpoint ${where} answered HTTP ${status} with a body that is not JSON`,
      { status },
    );
  }
  const body = parsed.value;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new NetworkError(
      'bad-reply',
      `token endpoint ${where} answered with JSON that is not an object`,
      { status },
    );
  }
  const fields = body as Record<string, unknown>;
  if (typeof fields.access_token !== 'string' || fields.access_token === '') {
    throw new NetworkError(
      'missing-access-token',
      `token endpoint ${where} answered without an access_token`,
      { status },
    );
  }
  if (
    fields.token_type !== undefined &&
    (typeof fields.token_type !== 'string' || fields.token_type.toLowerCase() !== 'bearer')
  ) {
    // A DPoP or MAC token would not work as "Authorization: Bearer".
    const shown =
      typeof fields.token_type === 'string'
        ? fields.token_type.replace(/[^\w.-]/g, '?').slice(0, 20)
        : typeof fields.token_type;
    throw new NetworkError(
      'bad-reply',
      `token endpoint ${where} issued a ${shown} token; only Bearer tokens are supported`,
      { status },
    );
  }
  const refreshToken =
    typeof fields.refresh_token === 'string' && fields.refresh_token !== ''
      ? fields.refresh_token
      : null;
  return {
    accessToken: fields.access_token,
    refreshToken,
    expiresInS: expiresInSeconds(fields.expires_in),
    scope: typeof fields.scope === 'string' ? fields.scope : null,
  };
}
