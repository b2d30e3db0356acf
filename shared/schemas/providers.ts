/** OAuth providers on the wire. A client secret only ever travels inwards. */
import { z } from 'zod';
import { bearerRefSchema, idSchema, secretInSchema, unixSecondsSchema } from './common';

export const clientAuthSchema = z.enum(['client_secret_post', 'client_secret_basic', 'none']);

const urlSchema = z.string().min(1).max(2048);

/** What a user configures; checked again by the core (URL policy, reserved params). */
export const providerConfigSchema = z.strictObject({
  name: idSchema,
  tokenUrl: urlSchema,
  clientId: z.string().min(1).max(512),
  clientAuth: clientAuthSchema,
  scope: z.string().max(2048).nullable(),
  extraParams: z.record(z.string().max(64), z.string().max(1024)),
  issuer: urlSchema.nullable(),
  jwksUrl: urlSchema.nullable(),
  pasetoPublicKeyHex: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .nullable(),
  userinfoUrl: urlSchema.nullable(),
});

export const providerInfoSchema = providerConfigSchema.extend({
  hasClientSecret: z.boolean(),
  /** Bearers linked to it, in every root. */
  linkedBearers: z.array(bearerRefSchema),
});

export const providerAddRequestSchema = z.strictObject({
  provider: providerConfigSchema,
  clientSecret: secretInSchema.optional(),
});

/** Changes one provider; the stored client secret is kept unless a new one is given. */
export const providerEditRequestSchema = z.strictObject({
  name: idSchema,
  changes: providerConfigSchema.omit({ name: true }).partial(),
  clientSecret: secretInSchema.optional(),
});

export const providerRemoveRequestSchema = z.strictObject({
  name: idSchema,
  /** Unlink the bearers linked to it; without it, removal is refused while any are. */
  force: z.boolean().default(false),
});

export const providerRemovedSchema = z.strictObject({
  name: idSchema,
  unlinked: z.array(bearerRefSchema),
});

export const clientCredentialsRequestSchema = z.strictObject({
  name: idSchema,
  /** Store the token as this bearer (linked to the provider) instead of returning it. */
  storeAs: bearerRefSchema.optional(),
});

/** `accessToken` is null when the token was stored as a bearer instead. */
export const clientCredentialsTokenSchema = z.strictObject({
  provider: idSchema,
  accessToken: z.string().nullable(),
  expiresAtUnix: unixSecondsSchema,
  /** The lifetime the token endpoint granted (its `expires_in`, 3600 when it gave none). */
  expiresInS: z.number().int().min(0),
  scope: z.string().nullable(),
  storedAs: bearerRefSchema.nullable(),
});
