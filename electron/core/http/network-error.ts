/**
 * A remote server failed us. `reason` tells callers (and the GUI) which of the
 * distinct failures it was without parsing the message; `status` and
 * `oauthError` are the server's words when it gave any. Like every
 * VaultError, the message holds no body and no secret, and there is no cause:
 * a library's error may quote what it sent or received.
 */
import { VaultError } from '../errors';

export type NetworkFailure =
  /** No answer within the timeout (connect, headers and body together). */
  | 'timeout'
  /** Could not connect, or the connection broke. */
  | 'transport'
  /** The answer was larger than the response cap. */
  | 'too-large'
  /** A 3xx answer: redirects are never followed. */
  | 'redirect'
  /** A non-2xx answer (the OAuth error, when given, is in `oauthError`). */
  | 'http-status'
  /** A 2xx answer whose body is not JSON. */
  | 'not-json'
  /** A token reply without a usable access token. */
  | 'missing-access-token'
  /** A reply that is JSON but not the shape the protocol promises. */
  | 'bad-reply';

export class NetworkError extends VaultError {
  readonly failure: NetworkFailure;
  readonly status: number | null;
  readonly oauthError: string | null;

  constructor(
    failure: NetworkFailure,
    message: string,
    details: { status?: number; oauthError?: string | null } = {},
  ) {
    super('network', message);
    this.failure = failure;
    this.status = details.status ?? null;
    this.oauthError = details.oauthError ?? null;
  }
}
