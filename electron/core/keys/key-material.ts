/**
 * What a key is and what may name it. A key is a prefix and 64 lowercase hex
 * digits (32 random bytes); only its SHA-256 is ever stored. Checks here run
 * before any file is touched, and their messages never quote a key.
 */
import { hash, randomBytes } from 'node:crypto';
import { VaultError } from '../errors';
import { quoteForMessage } from '../text/quote-for-message';
import {
  refuseSecretShaped,
  secretShapedError,
  type SecretShapeOptions,
} from '../text/secret-shapes';

export const KEY_RANDOM_BYTES = 32;
export const MAX_KEY_NAME_CHARS = 128;
export const MIN_HASH_PREFIX_DIGITS = 8;

const CONTROL_CHARACTER = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREFIX = /^[A-Za-z0-9_.-]{1,32}$/;
const HASH_HEX = /^[0-9a-f]{64}$/;
const HASH_PREFIX = /^[0-9a-fA-F]{8,64}$/;
/** The tail every minted key has, whatever its prefix. */
const KEY_TAIL = /[0-9a-f]{64}$/;

export function generateApiKey(prefix: string): string {
  return `${prefix}${randomBytes(KEY_RANDOM_BYTES).toString('hex')}`;
}

/** Lowercase hex SHA-256 of the whole key (one-shot crypto.hash: twice createHash's speed). */
export function hashApiKey(key: string): string {
  return hash('sha256', key);
}

export function isHashHex(text: string): boolean {
  return HASH_HEX.test(text);
}

/**
 * Whether `text` could be a key itself, given where a name belongs: then it
 * is not quoted back. Random hex has both digits and letters; a name like
 * "a" x 100 does not.
 */
export function looksLikeApiKey(text: string): boolean {
  const tail = KEY_TAIL.exec(text)?.[0];
  return tail !== undefined && /[0-9]/.test(tail) && /[a-f]/.test(tail);
}

/**
 * Refuses, without quoting it, a name that looks like a secret: another
 * secret shape (secret-shapes.ts), or an API key of any prefix (see
 * looksLikeApiKey). `keys mint <key>` would otherwise store a key in the
 * clear, as its name.
 */
export function refuseSecretShapedKeyName(name: string, options: SecretShapeOptions = {}): void {
  const hint =
    options.hint ?? 'to check a key: credvault keys validate, with the key on standard input';
  refuseSecretShaped(name, 'key name', { ...options, hint });
  if (looksLikeApiKey(name)) throw secretShapedError('key name', 'an API key', hint);
}

export function checkKeyName(name: string, options: SecretShapeOptions = {}): string {
  if (name === '') throw new VaultError('bad-input', 'a key name cannot be empty');
  refuseSecretShapedKeyName(name, options);
  if ([...name].length > MAX_KEY_NAME_CHARS) {
    throw new VaultError(
      'bad-input',
      `key name ${quoteForMessage(name, 40)} is longer than ${MAX_KEY_NAME_CHARS} characters`,
    );
  }
  if (CONTROL_CHARACTER.test(name)) {
    throw new VaultError(
      'bad-input',
      `key name ${quoteForMessage(name)} holds a control character`,
    );
  }
  // JSON.stringify would write it as an escape the seed's serde_json refuses,
  // and the seed would then fail to load the whole file.
  if (LONE_SURROGATE.test(name)) {
    throw new VaultError(
      'bad-input',
      `key name ${quoteForMessage(name)} holds an unpaired surrogate`,
    );
  }
  return name;
}

export function checkKeyPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) {
    throw new VaultError(
      'bad-input',
      `key prefix ${quoteForMessage(prefix, 40)} must be 1 to 32 letters, digits, "_", "-" or "."`,
    );
  }
  return prefix;
}

/** A `--hash` argument, lowercased. Never quoted back: it might be a key pasted by mistake. */
export function checkHashPrefix(prefix: string): string {
  if (!HASH_PREFIX.test(prefix)) {
    throw new VaultError(
      'bad-input',
      `a hash prefix must be ${MIN_HASH_PREFIX_DIGITS} to 64 hex digits of a key's hash_hex (see keys list), not the key itself`,
    );
  }
  return prefix.toLowerCase();
}
