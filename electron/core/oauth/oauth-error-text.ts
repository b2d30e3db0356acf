/**
 * A server's `error` and `error_description` made fit for an error message:
 * length-capped, with every trace of a secret of ours cut out (servers do
 * echo them: "unknown client secret S3CR3T", or the Basic header they were
 * sent; see redact-secrets.ts for what counts as a trace), and only the
 * characters RFC 6749 allows there (printable ASCII, no quote or backslash).
 */
import { secretRedactor } from '../text/redact-secrets';

const MAX_ERROR_CHARS = 64;
const MAX_DESCRIPTION_CHARS = 200;

function clean(text: string, maxChars: number, redact: (text: string) => string): string {
  // Capped first, so that redaction costs little whatever the server sent.
  // A secret the cap cuts short is still cut out down to its last 7 characters.
  const capped = text.length > maxChars;
  const redacted = redact(text.slice(0, maxChars));
  // RFC 6749 5.2: %x20-21 / %x23-5B / %x5D-7E. Anything else becomes "?".
  let value = redacted.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?');
  // Once more if that changed anything: a "?" standing in for another
  // character could complete a piece of a secret that contains "?".
  if (value !== redacted) value = redact(value);
  return capped || value.length > maxChars ? `${value.slice(0, maxChars)}…` : value;
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
  const said = (value: unknown): value is string => typeof value === 'string' && value !== '';
  if (!said(error) && !said(description)) return { error: null, description: null };
  const redact = secretRedactor(secrets);
  return {
    error: said(error) ? clean(error, MAX_ERROR_CHARS, redact) : null,
    description: said(description) ? clean(description, MAX_DESCRIPTION_CHARS, redact) : null,
  };
}

/** "invalid_grant (refresh token expired)", or "" when the server said nothing. */
export function formatOAuthError(text: OAuthErrorText): string {
  if (text.error === null) return '';
  return text.description === null ? text.error : `${text.error} (${text.description})`;
}
