/**
 * Checks a record before it is written: the same rules the reader applies, so
 * we never write what we would later call invalid. Messages name the field,
 * never its value.
 */
import { z } from 'zod';
import type { BearerRecordInput } from '@shared/domain/bearer';
import { VaultError } from '../errors';
import {
  JsonNumber,
  JsonSyntaxError,
  isJsonObject,
  parseJsonLossless,
  type JsonValue,
} from '../text/lossless-json';
import { hasLoneSurrogate } from '../text/strict-utf8';
import { MAX_BEARER_FILE_BYTES, encodeJsonString } from './bearer-file-codec';

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

/** Checks the wire shape (snake_case) once it is plain values. */
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

const RECORD_FIELDS = ['access_token', 'refresh_token', 'expires_at_unix'] as const;

/**
 * Whether a JSON number's text is exactly a whole number: `4102444800`,
 * `4102444800.0` and `41024448e2` are; `4102444800.00000001` is not, though
 * JSON.parse rounds it to 4102444800.
 */
export function isWholeNumberText(text: string): boolean {
  const match = /^-?([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!match) return false;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const significant = digits.replace(/0+$/, '');
  if (/^0*$/.test(significant)) return true; // zero, however written
  // value = significant * 10^scale; whole exactly when scale >= 0. A huge
  // exponent is rounded by Number(), but its sign, all that counts, is not.
  const scale = Number(exponent) - fraction.length + (digits.length - significant.length);
  return scale >= 0;
}

/** The record's fields as plain values for the schema, expires_at_unix checked exactly. */
function recordFields(object: Map<string, JsonValue>, source: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of RECORD_FIELDS) {
    if (!object.has(name)) continue;
    const value = object.get(name);
    if (!(value instanceof JsonNumber)) {
      fields[name] = value;
      continue;
    }
    const number = Number(value.text);
    if (name === 'expires_at_unix') {
      if (!isWholeNumberText(value.text))
        throw new VaultError('bad-input', `${source}: ${name} must be a whole number of seconds`);
      // 1e400 is Infinity to Number(): out of range, like any other huge value.
      if (number === Infinity)
        throw new VaultError('bad-input', `${source}: ${name} is out of range (over 2^53-1)`);
    }
    fields[name] = number;
  }
  return fields;
}

/**
 * Parses a record from JSON text (what the CLI reads on stdin): a field named
 * twice or an expiry that is not exactly a whole number is refused, where
 * JSON.parse would silently keep the last value or round it. Errors never
 * quote the text.
 */
export function parseBearerRecordJson(text: string, source: string): BearerRecordInput {
  let value: JsonValue;
  try {
    value = parseJsonLossless(text, { refuseDuplicateKeys: true });
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new VaultError(
      'bad-input',
      `${source} is not valid JSON (${error.message}); expected a bearer record`,
    );
  }
  if (!isJsonObject(value)) throw new VaultError('bad-input', `${source} must be a JSON object`);
  return parseBearerRecordInput(recordFields(value, source), source);
}
