/**
 * Recognises a secret pasted where an id or a name belongs (`credvault token
 * oxios_…`, `inspect "$JWT"`, `keys mint <key>`), so it is refused without
 * being echoed, stored as a name or used as a file name. Three shapes are
 * certain enough to refuse on sight:
 *
 *  - an API key: the configured prefix, or the seed's `oxios_`, then 64 hex digits;
 *  - a JWT (or JWE): 3 (or 5) base64url parts, the first decoding to a JSON
 *    object with `alg` (so an id like `a.b.c` stays an id);
 *  - a PASETO: `v1.` to `v4.`, then `local.` or `public.`.
 *
 * Each may sit anywhere in the text ("Bearer eyJ…" is still a JWT).
 */
import { DEFAULT_API_KEY_PREFIX } from '@shared/domain/api-key';
import { VaultError } from '../errors';

export type SecretShape = 'an API key' | 'a JWT' | 'a PASETO token';

export interface SecretShapeOptions {
  /** The key prefix in use, when not the seed's `oxios_`. */
  keyPrefix?: string;
  /** What to do instead, for the refusal's message. */
  hint?: string;
}

const DEFAULT_HINT = 'to look at a token: credvault inspect -';

const API_KEY_HEX = '[0-9a-fA-F]{64}(?![0-9a-fA-F])';
const DEFAULT_KEY = new RegExp(`${escapeRegExp(DEFAULT_API_KEY_PREFIX)}${API_KEY_HEX}`);
const PASETO = /(?:^|[^A-Za-z0-9])v[1-4]\.(?:local|public)\./;
/** Splits text into words of base64url characters, dots and "=": where a JWT could be. */
const NOT_IN_WORD = /[^A-Za-z0-9_.=-]+/;
const BASE64URL_PART = /^[A-Za-z0-9_-]*={0,2}$/;
/** No JOSE header is larger; longer first parts are not decoded. */
const MAX_HEADER_PART_CHARS = 8192;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isJoseHeader(part: string): boolean {
  if (part.length === 0 || part.length > MAX_HEADER_PART_CHARS || !BASE64URL_PART.test(part))
    return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return (
      header !== null &&
      typeof header === 'object' &&
      !Array.isArray(header) &&
      Object.hasOwn(header, 'alg')
    );
  } catch {
    return false;
  }
}

/**
 * Whether a word is a compact JWS (3 parts) or JWE (5). Split and tested
 * part by part, never with one backtracking pattern: the text may be a long
 * argument, and the cost must stay linear in it.
 */
function isCompactJose(word: string): boolean {
  const parts = word.split('.');
  if (parts.length !== 3 && parts.length !== 5) return false;
  return (
    parts.slice(1).every((part) => BASE64URL_PART.test(part)) &&
    isJoseHeader(headerPart(parts[0] ?? ''))
  );
}

/** "token=eyJ…": the header is what follows the last "=" that is not its own padding. */
function headerPart(first: string): string {
  const padding = first.endsWith('==') ? 2 : first.endsWith('=') ? 1 : 0;
  return first.slice(first.lastIndexOf('=', first.length - padding - 1) + 1);
}

function holdsJwt(text: string): boolean {
  return text.includes('.') && text.split(NOT_IN_WORD).some(isCompactJose);
}

function holdsApiKey(text: string, keyPrefix: string | undefined): boolean {
  if (DEFAULT_KEY.test(text)) return true;
  if (keyPrefix === undefined || keyPrefix === DEFAULT_API_KEY_PREFIX) return false;
  return new RegExp(`${escapeRegExp(keyPrefix)}${API_KEY_HEX}`).test(text);
}

/** Which kind of secret `text` holds, or null when it holds none of the shapes above. */
export function secretShapeOf(text: string, options: SecretShapeOptions = {}): SecretShape | null {
  if (holdsApiKey(text, options.keyPrefix)) return 'an API key';
  if (PASETO.test(text)) return 'a PASETO token';
  if (holdsJwt(text)) return 'a JWT';
  return null;
}

export function looksLikeSecret(text: string, options: SecretShapeOptions = {}): boolean {
  return secretShapeOf(text, options) !== null;
}

/**
 * Throws bad-input when `text`, given as a `what` ("bearer id", "key name"...),
 * looks like a secret. The message never quotes it, and says where secrets go.
 */
export function refuseSecretShaped(
  text: string,
  what: string,
  options: SecretShapeOptions = {},
): void {
  const shape = secretShapeOf(text, options);
  if (shape !== null) throw secretShapedError(what, shape, options.hint);
}

/** The error for a `what` that looks like `shape`; `hint` says what to do instead. */
export function secretShapedError(what: string, shape: SecretShape, hint?: string): VaultError {
  return new VaultError(
    'bad-input',
    `invalid ${what}: it looks like ${shape}, so it is neither shown nor used; secrets are ` +
      `read only from standard input, never from arguments (${hint ?? DEFAULT_HINT})`,
  );
}

/**
 * `text` (a message we did not word, such as a command-line parser's) with
 * every secret-shaped word replaced: for messages that quote arguments.
 */
export function maskSecretShapes(text: string, options: SecretShapeOptions = {}): string {
  if (!looksLikeSecret(text, options)) return text;
  const masked = text.replace(/[^\s'"`]+/g, (word) =>
    looksLikeSecret(word, options) ? '<secret-shaped argument, not shown>' : word,
  );
  // A secret spread over several words: none of the message can be shown.
  return looksLikeSecret(masked, options)
    ? 'error: an argument looks like a secret (not shown); secrets go on standard input\n'
    : masked;
}
