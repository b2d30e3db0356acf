/**
 * Bearers on the wire. A summary never holds a secret; the only shapes that
 * do say so in their names (`revealedBearerSchema`, `usableTokenSchema`).
 */
import { z } from 'zod';
import { BEARER_STATUSES, RECORD_STORAGES, TOKEN_KINDS } from '../domain/bearer';
import {
  bearerRefSchema,
  idSchema,
  pathSchema,
  unixSecondsSchema,
  windowSecondsSchema,
} from './common';

/** The wire's lists are the domain's (shared/domain/bearer.ts says what each value means). */
export { BEARER_STATUSES };

export const bearerStatusSchema = z.enum(BEARER_STATUSES);

/** What the access token is, as far as the list can tell without verifying it. */
export const tokenKindSchema = z.enum(TOKEN_KINDS);

/** How a record is kept at rest (the keychain layer). */
export const storageSchema = z.enum(RECORD_STORAGES);

/** The last refresh the session made of this bearer (keep-fresh or on request). */
export const lastRefreshSchema = z.strictObject({
  atUnix: unixSecondsSchema,
  ok: z.boolean(),
  /** The new expiry, or the error in our words (never a token). */
  message: z.string().max(1000),
});

export const bearerSummarySchema = z.strictObject({
  root: pathSchema,
  id: idSchema,
  status: bearerStatusSchema,
  /** Whole Unix seconds; null when the record cannot be read (invalid, busy, locked). */
  expiresAtUnix: unixSecondsSchema.nullable(),
  /** The near-expiry window that applied: the root's, or the caller's override. */
  windowS: windowSecondsSchema,
  /** Why it is invalid, busy or locked, naming the file; null otherwise. */
  error: z.string().max(2000).nullable(),
  /** A readable record that still deserves a look (edited by hand, copied out of order, a write conflict). */
  warning: z.string().max(2000).nullable(),
  tokenKind: tokenKindSchema.nullable(),
  /** The linked provider's name, if any. */
  provider: idSchema.nullable(),
  keepFresh: z.boolean(),
  storage: storageSchema,
  lastRefresh: lastRefreshSchema.nullable(),
});
export type BearerSummaryWire = z.infer<typeof bearerSummarySchema>;

/** A bearer with its secrets: only for a user who asked to reveal it. */
export const revealedBearerSchema = bearerSummarySchema.extend({
  expiresAtUnix: unixSecondsSchema,
  accessToken: z.string(),
  refreshToken: z.string(),
});

/** A token fit to use now, refreshed first when due; `warning` says why it is not a fresh one. */
export const usableTokenSchema = z.strictObject({
  ref: bearerRefSchema,
  accessToken: z.string(),
  expiresAtUnix: unixSecondsSchema,
  refreshed: z.boolean(),
  warning: z.string().max(2000).nullable(),
});

export const bearerRecordInSchema = z.strictObject({
  accessToken: z
    .string()
    .min(1)
    .max(64 * 1024),
  /** May be empty: client_credentials bearers have none. */
  refreshToken: z.string().max(64 * 1024),
  expiresAtUnix: unixSecondsSchema,
});

export const refreshOutcomeSchema = z.strictObject({
  ref: bearerRefSchema,
  provider: idSchema,
  /** Whether a request went to the token endpoint. */
  requested: z.boolean(),
  grant: z.enum(['refresh_token', 'client_credentials']).nullable(),
  /** The server sent a new refresh token, and it is on disk. */
  rotated: z.boolean(),
  expiresAtUnix: unixSecondsSchema,
  windowS: windowSecondsSchema,
  /** Another program wrote the bearer at the same time (see README): what to do about it. */
  conflict: z.string().max(2000).nullable(),
});

export const SV_RESULTS = ['no-sv', 'current', 'stale', 'unverifiable', 'bad-signature'] as const;

export const svCheckSchema = z.strictObject({
  ref: bearerRefSchema,
  result: z.enum(SV_RESULTS),
  tokenSv: z.number().nullable(),
  currentSv: z.number().nullable(),
  reason: z.string().max(2000).nullable(),
  /**
   * Our own words on a lookup that failed (the reason is generic on purpose),
   * e.g. the endpoint and its HTTP status; null otherwise.
   */
  detail: z.string().max(2000).nullable().optional(),
  provider: idSchema.nullable(),
  signature: z.enum(['verified', 'failed', 'not-checked']),
  /** Why the signature was not checked or failed (the sv was then compared unverified, or not at all). */
  signatureReason: z.string().max(2000).nullable(),
});
