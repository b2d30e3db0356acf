/**
 * Small decoders shared by the JWT and PASETO inspectors. They return
 * `undefined` instead of throwing, and never produce text from the input:
 * JSON.parse's own errors quote what they failed on, which here is a token.
 */

/** Longer inputs are refused unread: no bearer token is anywhere near this. */
export const MAX_TOKEN_CHARS = 64 * 1024;

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * base64url without padding. `canonical` also refuses encodings whose unused
 * trailing bits are set: PASETO requires it, and without it two different
 * strings would decode to the same signed bytes.
 */
export function decodeBase64url(text: string, canonical = false): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  if (canonical && bytes.toString('base64url') !== text) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes as a JSON object (not an array, not a scalar), or undefined. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  const text = decodeUtf8(bytes);
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
