/**
 * The `Authorization: Bearer <token>` line the browser copies itself (the
 * desktop app builds it in main). Same rule as the core's: a token holding a
 * control character would turn one header into two, so it is refused; the
 * message names the bearer, never the token.
 */
import { ContractError } from '@shared/contract';

/** C0 controls (CR, LF, TAB, NUL ...), DEL and the C1 controls. */
const CONTROL_CHARACTER = /\p{Cc}/u;

export function authorizationHeaderLine(bearerId: string, accessToken: string): string {
  if (CONTROL_CHARACTER.test(accessToken)) {
    throw new ContractError({
      kind: 'bad-input',
      message: `the access token of bearer "${bearerId}" holds a control character (a line break, say), so it cannot be sent as a header; nothing was copied`,
      input: bearerId,
    });
  }
  return `Authorization: Bearer ${accessToken}`;
}
