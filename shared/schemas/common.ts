/**
 * Building blocks every wire schema shares. Limits are generous for honest
 * callers and small enough that a hostile payload cannot make the vault
 * allocate much: ids and names follow the core's own rules, paths and
 * tokens have hard caps.
 */
import { z } from 'zod';

/** An absolute path on the vault's machine (a root, a key file, a token file). */
export const pathSchema = z.string().min(1).max(4096);

/** A bearer id or a provider name, as the core checks them (letters, digits, `.`, `_`, `-`). */
export const idSchema = z.string().min(1).max(128);

/** A secret on its way in (a pasted token, a client secret). Never echoed back. */
export const secretInSchema = z
  .string()
  .min(1)
  .max(64 * 1024);

/** Whole Unix seconds, exact in a JS number. */
export const unixSecondsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A near-expiry window, seconds. */
export const windowSecondsSchema = z
  .number()
  .int()
  .min(0)
  .max(365 * 24 * 3600);

/** A bearer is (root, id) everywhere: calls, events, links, notifications, selection. */
export const bearerRefSchema = z.strictObject({ root: pathSchema, id: idSchema });
export type BearerRef = z.infer<typeof bearerRefSchema>;

export const emptySchema = z.strictObject({});
