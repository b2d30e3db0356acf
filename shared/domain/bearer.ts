/**
 * Bearers as every front end sees them. A summary never holds a secret; the
 * only type that does says so in its name (RevealedBearer).
 */

/**
 * `invalid`: the files cannot be read as a record (the reason names the file).
 * `busy`: its files never stayed quiet long enough to be read whole (a writer
 * rewriting it continuously).
 * `locked`: encrypted at rest, and the keychain's key is not available (the
 * reason says why).
 */
export const BEARER_STATUSES = [
  'ok',
  'near_expiry',
  'expired',
  'invalid',
  'busy',
  'locked',
] as const;
export type BearerStatus = (typeof BEARER_STATUSES)[number];

/**
 * How a record is kept at rest (the keychain layer): `encrypted` only when
 * both token files are; a record with any token file in plain text (half way
 * through a migration) is `plain`; `locked` when it cannot be opened here.
 */
export const RECORD_STORAGES = ['plain', 'encrypted', 'locked'] as const;
export type RecordStorage = (typeof RECORD_STORAGES)[number];

/**
 * What the access token looks like, judged by its shape alone (never
 * verified): a JWT, a PASETO v4.public token, anything else (opaque), or
 * something no token looks like.
 */
export const TOKEN_KINDS = ['jwt', 'paseto-v4-public', 'opaque', 'not-a-token'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface BearerSummary {
  id: string;
  status: BearerStatus;
  /** Whole Unix seconds; null when the record cannot be read (invalid, busy). */
  expiresAtUnix: number | null;
  /** expiresAtUnix minus now (negative once expired); null when it cannot be read. */
  expiresInS: number | null;
  /** The near-expiry window that applied to `status`, in seconds. */
  windowS: number;
  /** Why the bearer is invalid or busy, naming the file; null otherwise. */
  error: string | null;
  /**
   * A readable record that still deserves a look (its files were edited by
   * hand, copied without their times, or a write stopped half way), naming
   * the files; null otherwise. Never holds a secret.
   */
  warning: string | null;
  /** The access token's kind; null when the record cannot be read. */
  tokenKind: TokenKind | null;
  storage: RecordStorage;
}

/** A bearer with its secrets: only produced when the user asked to reveal it. */
export interface RevealedBearer extends BearerSummary {
  /** A revealed bearer is always a valid one, so its expiry is known. */
  expiresAtUnix: number;
  expiresInS: number;
  accessToken: string;
  refreshToken: string;
}

/** What a caller gives to store a bearer. */
export interface BearerRecordInput {
  accessToken: string;
  /** May be empty: client_credentials bearers have no refresh token. */
  refreshToken: string;
  expiresAtUnix: number;
}

/** The default near-expiry window, as the seed broker uses it. */
export const DEFAULT_NEAR_EXPIRY_WINDOW_S = 300;
