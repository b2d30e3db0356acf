/**
 * UTF-8 decoding that refuses invalid bytes. Buffer.toString('utf8') and a
 * default TextDecoder replace them with U+FFFD, which would silently store a
 * different secret than the one given. A byte-order mark is kept as text
 * (ignoreBOM), so nothing is dropped without a word either.
 */
import { VaultError } from '../errors';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text, or null when `bytes` is not valid UTF-8. */
export function decodeUtf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The text, or a bad-input error naming `source` ("standard input", a path).
 * The message never quotes the bytes: they may be a secret.
 */
export function decodeUtf8Strict(bytes: Uint8Array, source: string): string {
  const text = decodeUtf8OrNull(bytes);
  if (text === null) throw new VaultError('bad-input', `${source} is not valid UTF-8`);
  return text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string holds half of a surrogate pair: such a string has no UTF-8
 * form, and encoding it would silently write U+FFFD in its place.
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
