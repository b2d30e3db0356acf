/** The keychain layer's posture: what is plain, encrypted or locked, and why. */
import { z } from 'zod';
import { pathSchema } from './common';

export const masterKeySchema = z.enum(['present', 'absent', 'locked', 'unavailable']);

export const rootPostureSchema = z.strictObject({
  path: pathSchema,
  encrypted: z.boolean(),
  shared: z.boolean(),
  records: z.strictObject({
    plain: z.number().int().min(0),
    encrypted: z.number().int().min(0),
    locked: z.number().int().min(0),
  }),
  /** Files or folders readable by group or others. */
  loosePermissions: z.number().int().min(0),
});

export const keychainPostureSchema = z.strictObject({
  /** e.g. "Secret Service (gnome-keyring)"; null when none answers. */
  backend: z.string().nullable(),
  masterKey: masterKeySchema,
  /** Why encryption is unavailable or the key is locked, in our words. */
  reason: z.string().nullable(),
  roots: z.array(rootPostureSchema),
  providerSecrets: z.strictObject({
    plain: z.number().int().min(0),
    encrypted: z.number().int().min(0),
  }),
});

export const keychainRootRequestSchema = z.strictObject({
  root: pathSchema,
  /** Encrypt a shared root anyway (its other programs will no longer read it). */
  force: z.boolean().default(false),
});
