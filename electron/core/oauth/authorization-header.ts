/**
 * The `Authorization: Bearer <token>` line that `credvault header` prints for
 * `curl -H @-` and the like. A token holding a line break would turn that one
 * line into two headers, the second one chosen by whoever wrote the token
 * file, so a token with any control character is refused rather than printed
 * (RFC 6750 allows none in a bearer token anyway). The message names the
 * bearer, never the token.
 */
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';

/** C0 controls (CR, LF, TAB, NUL ...), DEL and the C1 controls. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** The header line, without a line ending; bad-input when the token cannot be one. */
export function bearerAuthorizationLine(bearerId: string, accessToken: string): string {
  if (CONTROL_CHARACTER.test(accessToken)) {
    throw new VaultError(
      'bad-input',
      `the access token of bearer ${quoteForMessage(bearerId)} holds a control character (a line break, say), so it cannot be sent as a header; nothing was printed (credvault token ID prints the token as stored)`,
    );
  }
  return `Authorization: Bearer ${accessToken}`;
}
