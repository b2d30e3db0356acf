/**
 * A server's `error` and `error_description` made fit for an error message:
 * only the characters RFC 6749 allows there (printable ASCII, no quote or
 * backslash), length-capped, and with every secret we sent in the request
 * cut out, in case a server echoes one back ("unknown client secret s3cr3t").
 */

const MAX_ERROR_CHARS = 64;
const MAX_DESCRIPTION_CHARS = 200;
const REDACTED = '[redacted]';

/** Every form a secret of ours could take in an echoed reply. */
function secretForms(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
  ]);
  return [...forms].filter((form) => form.length >= 4);
}

function clean(text: string, maxChars: number, secrets: readonly string[]): string {
  let value = text;
  for (const secret of secrets) {
    for (const form of secretForms(secret)) value = value.split(form).join(REDACTED);
  }
  // RFC 6749 5.2: %x20-21 / %x23-5B / %x5D-7E. Anything else becomes "?".
  value = value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
  return value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
}

export interface OAuthErrorText {
  error: string | null;
  description: string | null;
}

/** The OAuth error of a parsed JSON body, if it has one. */
export function oauthErrorText(body: unknown, secrets: readonly string[]): OAuthErrorText {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    return { error: null, description: null };
  const { error, error_description: description } = body as Record<string, unknown>;
  return {
    error:
      typeof error === 'string' && error !== '' ? clean(error, MAX_ERROR_CHARS, secrets) : null,
    description:
      typeof description === 'string' && description !== ''
        ? clean(description, MAX_DESCRIPTION_CHARS, secrets)
        : null,
  };
}

/** "invalid_grant (refresh token expired)", or "" when the server said nothing. */
export function formatOAuthError(text: OAuthErrorText): string {
  if (text.error === null) return '';
  return text.description === null ? text.error : `${text.error} (${text.description})`;
}
