/**
 * The shapes `inspectToken` returns (re-exported from inspect-token.ts, where
 * callers import them). Everything here is plain data, safe to print: reasons
 * and problems are built from our own words and never quote the token.
 */
import type { JWTVerifyGetKey } from 'jose';

export type TokenKind = 'jwt' | 'paseto-v4-public' | 'opaque' | 'not-a-token';

/** A time claim, absolute and relative to the `nowMs` the caller passed. */
export interface TimeClaim {
  /** Unix seconds, as the token states them (may have a fraction). */
  unix: number;
  iso: string;
  /** Whole seconds from now: negative = in the past. */
  relativeS: number;
}

export type SignatureCheck =
  | { state: 'verified'; keyId: string | null; algorithm: string }
  | { state: 'failed'; reason: string }
  | { state: 'not-checked'; reason: string };

export interface VerificationKeys {
  /** JWT keys: a jose key-resolver (createRemoteJWKSet / createLocalJWKSet result). */
  jwks?: JWTVerifyGetKey;
  /** PASETO v4.public Ed25519 public key, 32 bytes. */
  pasetoPublicKey?: Uint8Array;
  /** Where the keys come from, for messages: e.g. 'provider "acme"'. */
  source: string;
}

/** What the registered claims say, the same for every kind of token. */
export interface ClaimFields {
  issuedAt: TimeClaim | null;
  notBefore: TimeClaim | null;
  expiresAt: TimeClaim | null;
  scopes: string[];
  audience: string[];
  issuer: string | null;
  subject: string | null;
}

export interface TokenInspection extends ClaimFields {
  kind: TokenKind;
  /** JWT header; PASETO: {version:'v4',purpose:'public'}. */
  header: Record<string, unknown> | null;
  claims: Record<string, unknown> | null;
  /** PASETO footer (decoded) if any. */
  footer: string | null;
  signature: SignatureCheck;
  /** For not-a-token / malformed parts: why, without quoting the token. */
  problem: string | null;
}

export interface InspectOptions {
  /** Keys of the configured provider, or null when none is configured. */
  keys: VerificationKeys | null;
  /** Shown as the not-checked reason when `keys` is null. */
  noKeysReason?: string;
  /** Defaults to true; false reports 'verification not requested' even with keys. */
  verify?: boolean;
  /** "Now" for the relative times (ms since the epoch). */
  nowMs: number;
}
