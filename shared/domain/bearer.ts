/**
 * Bearers as every front end sees them. A summary never holds a secret; the
 * only type that does says so in its name (RevealedBearer).
 */

export const BEARER_STATUSES = ['ok', 'near_expiry', 'expired', 'invalid'] as const;
export type BearerStatus = (typeof BEARER_STATUSES)[number];

export interface BearerSummary {
  id: string;
  status: BearerStatus;
  /** Whole Unix seconds; null when the record is invalid. */
  expiresAtUnix: number | null;
  /** expiresAtUnix minus now (negative once expired); null when invalid. */
  expiresInS: number | null;
  /** Why the bearer is invalid, naming the file; null otherwise. */
  error: string | null;
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
