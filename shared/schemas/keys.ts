/** API keys on the wire: metadata only, except the one answer to a mint. */
import { z } from 'zod';
import { pathSchema, secretInSchema } from './common';

export const keyNameSchema = z.string().min(1).max(128);

export const apiKeyInfoSchema = z.strictObject({
  name: z.string(),
  hashHex: z.string(),
  createdAt: z.string(),
  lastUsed: z.string().nullable(),
  /** Set for a malformed entry, which is kept as it is and never matches. */
  error: z.string().nullable(),
});

export const keyFileRequestSchema = z.strictObject({
  /** The key file; the vault's default one when absent. */
  file: pathSchema.optional(),
});

export const keyListSchema = z.strictObject({
  file: pathSchema,
  exists: z.boolean(),
  keys: z.array(apiKeyInfoSchema),
});

/** The one moment a key exists in clear. */
export const mintedKeySchema = z.strictObject({
  file: pathSchema,
  /** The file did not exist and was created by this mint. */
  createdFile: z.boolean(),
  name: z.string(),
  key: z.string(),
  hashHex: z.string(),
  createdAt: z.string(),
});

export const keyValidateRequestSchema = keyFileRequestSchema.extend({ key: secretInSchema });

export const keyValidationSchema = z.strictObject({
  valid: z.boolean(),
  name: z.string().nullable(),
  hashHex: z.string().nullable(),
  /** The key is valid but its use could not be recorded (a read-only file, say). */
  warning: z.string().nullable(),
});

export const keyRevokeRequestSchema = z.union([
  keyFileRequestSchema.extend({ name: keyNameSchema }),
  keyFileRequestSchema.extend({ hashPrefix: z.string().regex(/^[0-9a-fA-F]{8,64}$/) }),
]);

export const keyRevokedSchema = z.strictObject({
  file: pathSchema,
  revoked: z.array(apiKeyInfoSchema),
});
