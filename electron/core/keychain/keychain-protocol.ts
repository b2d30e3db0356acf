/**
 * The JSON-lines protocol between the session and the keychain helper
 * process: one request per line on the helper's stdin, one response per line
 * on its stdout, matched by `id`. Passwords travel only in these lines (never
 * argv, never the environment, never stderr).
 */
import { z } from 'zod';

export const keychainRequestSchema = z.discriminatedUnion('op', [
  z.object({
    id: z.number().int(),
    op: z.literal('get'),
    service: z.string(),
    account: z.string(),
  }),
  z.object({
    id: z.number().int(),
    op: z.literal('set'),
    service: z.string(),
    account: z.string(),
    password: z.string(),
  }),
  z.object({
    id: z.number().int(),
    op: z.literal('delete'),
    service: z.string(),
    account: z.string(),
  }),
]);
export type KeychainRequest = z.infer<typeof keychainRequestSchema>;

export const keychainResponseSchema = z.union([
  z.object({
    id: z.number().int(),
    ok: z.literal(true),
    value: z.union([z.string(), z.null(), z.boolean()]),
  }),
  z.object({ id: z.number().int(), ok: z.literal(false), reason: z.string() }),
]);
export type KeychainResponse = z.infer<typeof keychainResponseSchema>;

/** A keychain's own error text is cut to this: it is a reason, not a dump. */
export const MAX_REASON_CHARS = 200;
