/**
 * What an access token looks like, for a list row: judged by its shape only,
 * never verified, and cheap enough for 10,000 bearers. `inspect` is the full
 * answer; this agrees with it on well-formed tokens.
 *
 * The answer is kept per record object: a list served from the watch's cache
 * hands us the same record each time, and a warm list must stay fast.
 */
import type { TokenKind } from '@shared/domain/bearer';
import type { BearerRecord } from './bearer-record-reader';

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Longer headers are not worth decoding for a list: real ones are under 1 KiB. */
const MAX_HEADER_CHARS = 4096;

const known = new WeakMap<BearerRecord, TokenKind>();
/**
 * JWS headers seen: the tokens of one issuer share a header, so a cold list
 * of thousands decodes a handful. Only real headers are kept (never the
 * first part of some other token), and only so many.
 */
const jwsHeaders = new Set<string>();
const MAX_HEADERS_KEPT = 256;

/** A compact JWS header: base64url of a JSON object with an `alg` string. */
function isJwtHeader(part: string): boolean {
  if (jwsHeaders.has(part)) return true;
  if (!decodesToJwsHeader(part)) return false;
  if (jwsHeaders.size >= MAX_HEADERS_KEPT) jwsHeaders.clear();
  jwsHeaders.add(part);
  return true;
}

function decodesToJwsHeader(part: string): boolean {
  if (part.length > MAX_HEADER_CHARS || !BASE64URL.test(part)) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return (
      typeof header === 'object' &&
      header !== null &&
      typeof (header as { alg?: unknown }).alg === 'string'
    );
  } catch {
    return false;
  }
}

export function tokenKindOf(token: string): TokenKind {
  // Spaces, control or non-ASCII characters: no token holds them (as inspect says).
  if (token === '' || /[^\x21-\x7e]/.test(token)) return 'not-a-token';
  if (token.startsWith('v4.public.')) return 'paseto-v4-public';
  // Exactly three parts: two dots, and no third.
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second >= 0 && token.indexOf('.', second + 1) < 0 && isJwtHeader(token.slice(0, first)))
    return 'jwt';
  return 'opaque';
}

/** `tokenKindOf` the record's access token, worked out once per record. */
export function recordTokenKind(record: BearerRecord): TokenKind {
  let kind = known.get(record);
  if (kind === undefined) {
    kind = tokenKindOf(record.accessToken);
    known.set(record, kind);
  }
  return kind;
}
