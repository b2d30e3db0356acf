/** What a token says about itself, decoded locally. Never the token itself. */
import { z } from 'zod';
import { bearerRefSchema, idSchema, secretInSchema } from './common';
import { tokenKindSchema } from './bearers';

export const timeClaimSchema = z.strictObject({
  unix: z.number(),
  iso: z.string(),
  /** Whole seconds from the moment of the call: negative = in the past. */
  relativeS: z.number(),
});

export const signatureSchema = z.strictObject({
  state: z.enum(['verified', 'failed', 'not-checked']),
  keyId: z.string().nullable(),
  algorithm: z.string().nullable(),
  /** Why it failed or was not checked, in our words; null when verified. */
  reason: z.string().nullable(),
});

export const inspectionSchema = z.strictObject({
  kind: tokenKindSchema,
  header: z.record(z.string(), z.unknown()).nullable(),
  claims: z.record(z.string(), z.unknown()).nullable(),
  footer: z.string().nullable(),
  issuedAt: timeClaimSchema.nullable(),
  notBefore: timeClaimSchema.nullable(),
  expiresAt: timeClaimSchema.nullable(),
  scopes: z.array(z.string()),
  audience: z.array(z.string()),
  issuer: z.string().nullable(),
  subject: z.string().nullable(),
  signature: signatureSchema,
  /** The provider whose keys were used (or would have been). */
  provider: idSchema.nullable(),
  problem: z.string().nullable(),
});

/** A bearer's access token, or a token the user pasted (which is never echoed back). */
export const inspectSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bearer'), ref: bearerRefSchema }),
  z.strictObject({ kind: z.literal('text'), token: secretInSchema }),
]);
