/**
 * Checks a record before it is written: the same rules the reader applies, so
 * we never write what we would later call invalid. Messages name the field,
 * never its value.
 */
import { z } from 'zod';
import type { BearerRecordInput } from '@shared/domain/bearer';
import { VaultError } from '../errors';
import { MAX_BEARER_FILE_BYTES, encodeJsonString, hasLoneSurrogate } from './bearer-file-codec';

const tokenField = (field: string, allowEmpty: boolean) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((value) => allowEmpty || value.length > 0, { message: `${field} must not be empty` })
    .refine((value) => !hasLoneSurrogate(value), {
      message: `${field} holds an unpaired surrogate`,
    })
    .refine((value) => Buffer.byteLength(encodeJsonStringSafe(value)) <= MAX_BEARER_FILE_BYTES, {
      message: `${field} is larger than 64 KiB`,
    });

function encodeJsonStringSafe(value: string): string {
  return hasLoneSurrogate(value) ? '' : encodeJsonString(value);
}

export const bearerRecordInputSchema = z.object({
  access_token: tokenField('access_token', false),
  refresh_token: tokenField('refresh_token', true),
  expires_at_unix: z
    .number({ error: 'expires_at_unix must be a number' })
    .max(Number.MAX_SAFE_INTEGER, { error: 'expires_at_unix is out of range (over 2^53-1)' })
    .min(0, { error: 'expires_at_unix must not be negative' })
    .refine(Number.isInteger, { error: 'expires_at_unix must be a whole number of seconds' }),
});

/** Parses the wire shape (snake_case, as the CLI reads it on stdin). */
export function parseBearerRecordInput(value: unknown, source: string): BearerRecordInput {
  const result = bearerRecordInputSchema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    const field = first?.path[0];
    const missing =
      typeof field === 'string' && typeof value === 'object' && value !== null && !(field in value);
    const message =
      first === undefined || first.path.length === 0
        ? `${source} must be a JSON object`
        : missing
          ? `${field} is missing`
          : first.message;
    throw new VaultError('bad-input', `${source}: ${message}`);
  }
  return {
    accessToken: result.data.access_token,
    refreshToken: result.data.refresh_token,
    expiresAtUnix: result.data.expires_at_unix,
  };
}

export function checkBearerRecordInput(
  input: BearerRecordInput,
  source: string,
): BearerRecordInput {
  return parseBearerRecordInput(
    {
      access_token: input.accessToken,
      refresh_token: input.refreshToken,
      expires_at_unix: input.expiresAtUnix,
    },
    source,
  );
}
