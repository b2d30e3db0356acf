/**
 * Local token inspection: what kind of token a string is, what it claims, and
 * whether its signature holds against keys the caller injects (always those
 * of a configured provider: never keys from a URL the token itself names,
 * which would let a forger vouch for their own token).
 *
 * No HTTP happens here; a jose remote key set passed in may fetch, bounded by
 * VERIFY_TIMEOUT_MS. Any string gets an answer and nothing throws: garbage is
 * 'not-a-token' with a `problem` that says why without quoting it.
 */
import type {
  InspectOptions,
  SignatureCheck,
  TokenInspection,
  VerificationKeys,
} from './inspection-types';
import { MAX_TOKEN_CHARS } from './token-encoding';
import { decodeJoseHeader, inspectJwt } from './jwt-inspect';
import { inspectPasetoV4Public, V4_PUBLIC_HEADER } from './paseto-inspect';

export type {
  InspectOptions,
  SignatureCheck,
  TimeClaim,
  TokenInspection,
  TokenKind,
  VerificationKeys,
} from './inspection-types';
export { MAX_TOKEN_CHARS } from './token-encoding';
export { VERIFY_TIMEOUT_MS } from './jwt-inspect';

/** Bearer tokens are RFC 6750 b64token: these characters, then optional '='. */
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
const OTHER_PASETO = /^v([1-4])\.(local|public)\./;
const MIN_OPAQUE_CHARS = 8;

/**
 * Inspects `token` (surrounding whitespace, such as a newline from stdin, is
 * ignored). `options.verify` defaults to true. Throws only for a `nowMs` that
 * is not a finite number, which is a caller bug, not bad input.
 */
export async function inspectToken(
  token: string,
  options: {
    keys: VerificationKeys | null;
    noKeysReason?: string;
    verify?: boolean;
    nowMs: number;
  },
): Promise<TokenInspection> {
  if (!Number.isFinite(options.nowMs))
    throw new RangeError('inspectToken: nowMs must be a finite number');
  try {
    return await classify(token, options);
  } catch {
    // Every path above is meant not to throw; this only keeps the promise of
    // the signature should one still do so (and names no part of the token).
    return notAToken('could not be inspected (internal error)');
  }
}

async function classify(token: string, options: InspectOptions): Promise<TokenInspection> {
  if (typeof token !== 'string') return notAToken('not a string');
  // Checked before anything reads the input, so a huge paste costs nothing.
  if (token.length > MAX_TOKEN_CHARS)
    return notAToken(`longer than ${MAX_TOKEN_CHARS / 1024} KiB; no token is that long`);
  const text = token.trim();
  if (text === '') return notAToken('empty');
  if (/[^\x21-\x7e]/.test(text)) {
    return notAToken(
      'contains spaces, control characters or non-ASCII characters, which tokens never hold',
    );
  }
  if (text.startsWith(V4_PUBLIC_HEADER)) return inspectPasetoV4Public(text, options);
  const paseto = OTHER_PASETO.exec(text);
  if (paseto)
    return opaque(`a PASETO v${paseto[1]}.${paseto[2]} token: only v4.public tokens are decoded`);

  const segments = text.split('.');
  if (segments.length === 3 || segments.length === 5) {
    const header = decodeJoseHeader(segments[0] ?? '');
    if (header && segments.length === 3) return inspectJwt(text, header, options);
    if (header && segments.length === 5 && 'enc' in header) {
      return opaque('an encrypted JWT (JWE): its claims cannot be read without the decryption key');
    }
  }
  // "eyJ" is base64url for '{"': a JOSE header was meant, but did not decode.
  if (text.startsWith('eyJ') && text.includes('.')) {
    return notAToken(
      'looks like a JWT, but is not three base64url parts with a JSON object header',
    );
  }
  if (!TOKEN_CHARS.test(text)) return notAToken('holds characters that bearer tokens do not use');
  if (text.length < MIN_OPAQUE_CHARS)
    return notAToken(`too short to be a token (under ${MIN_OPAQUE_CHARS} characters)`);
  return opaque('opaque token: nothing to decode or verify locally');
}

function emptyInspection(
  kind: TokenInspection['kind'],
  signature: SignatureCheck,
  problem: string | null,
): TokenInspection {
  return {
    kind,
    header: null,
    claims: null,
    footer: null,
    issuedAt: null,
    notBefore: null,
    expiresAt: null,
    scopes: [],
    audience: [],
    issuer: null,
    subject: null,
    signature,
    problem,
  };
}

function notAToken(problem: string): TokenInspection {
  return emptyInspection('not-a-token', { state: 'not-checked', reason: 'not a token' }, problem);
}

function opaque(reason: string): TokenInspection {
  return emptyInspection('opaque', { state: 'not-checked', reason }, null);
}
