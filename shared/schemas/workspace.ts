/** Workspace token files (`.auth_token`): one token per file, the seed's rules. */
import { z } from 'zod';
import { pathSchema, secretInSchema } from './common';

export const tokenFileInfoSchema = z.strictObject({
  path: pathSchema,
  /** A non-empty token is stored there. */
  present: z.boolean(),
  /** Why it cannot be read (a symlink, loose permissions, ...); null otherwise. */
  error: z.string().nullable(),
});

export const tokenFileRequestSchema = z.strictObject({ path: pathSchema });

export const tokenFileRevealSchema = z.strictObject({
  path: pathSchema,
  /** null: no token stored (missing or empty file). */
  token: z.string().nullable(),
});

export const tokenFileSetRequestSchema = z.strictObject({
  path: pathSchema,
  token: secretInSchema,
});

export const tokenFileWrittenSchema = z.strictObject({
  path: pathSchema,
  /** false: the same token was already stored, nothing was written. */
  written: z.boolean(),
});
