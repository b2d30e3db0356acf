/**
 * The bytes of a bearer's three files, exactly as the seed broker writes them:
 * each file holds one JSON string (serde_json escaping, which JSON.stringify
 * matches for well-formed strings), no newline; `expires_at.json` holds whole
 * Unix seconds as decimal digits inside that string.
 *
 * Decoding never quotes file contents in its reasons: a token must not leak
 * into an error message (JSON.parse's own errors quote their input).
 */

import { decodeUtf8OrNull, hasLoneSurrogate } from '../text/strict-utf8';

export const ACCESS_TOKEN_FILE = 'access_token.json';
export const REFRESH_TOKEN_FILE = 'refresh_token.json';
export const EXPIRES_AT_FILE = 'expires_at.json';
export const BEARER_FILES = [ACCESS_TOKEN_FILE, REFRESH_TOKEN_FILE, EXPIRES_AT_FILE] as const;
export type BearerFileName = (typeof BEARER_FILES)[number];

/** A bearer file larger than this is refused: no token is that long. */
export const MAX_BEARER_FILE_BYTES = 64 * 1024;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export function decodeJsonString(bytes: Uint8Array): Decoded<string> {
  const text = decodeUtf8OrNull(bytes);
  if (text === null) return { ok: false, reason: 'not valid UTF-8' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
  if (typeof value !== 'string') return { ok: false, reason: 'does not hold a JSON string' };
  // serde_json refuses escaped lone surrogates; so do we, to agree on validity.
  if (hasLoneSurrogate(value)) return { ok: false, reason: 'holds an unpaired surrogate escape' };
  return { ok: true, value };
}

/** Encodes a string the way serde_json::to_string does. Throws on lone surrogates. */
export function encodeJsonString(value: string): string {
  if (hasLoneSurrogate(value)) throw new RangeError('string holds an unpaired surrogate');
  return JSON.stringify(value);
}

/**
 * Expiry digits to a number, refusing anything a JS number cannot hold
 * exactly: the seed stores a u64, and a rounded expiry would be a lie.
 */
export function parseExpiryDigits(text: string): Decoded<number> {
  if (!/^[0-9]+$/.test(text))
    return { ok: false, reason: 'expiry is not a string of decimal digits' };
  if (text.length > 20 || BigInt(text) > BigInt(Number.MAX_SAFE_INTEGER)) {
    const shown = text.length > 24 ? `${text.slice(0, 24)}…` : text;
    return { ok: false, reason: `expiry ${shown} is out of range (over 2^53-1)` };
  }
  return { ok: true, value: Number(text) };
}
