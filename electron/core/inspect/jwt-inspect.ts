/**
 * JWTs (compact JWS): the header and claims are decoded locally; the
 * signature is checked with jose against the configured provider's key set.
 *
 * jose's `compactVerify`, not `jwtVerify`: we check the signature only.
 * jwtVerify would also reject an expired, not-yet-valid or oddly typed claim
 * set, while an inspector must show an expired token as correctly signed and
 * *report* its times. The payload it verifies is the very segment we decode.
 */
import { keysToVerifyWith } from './signature-gate';
import { compactVerify, errors } from 'jose';
import type {
  InspectOptions,
  SignatureCheck,
  TokenInspection,
  VerificationKeys,
} from './inspection-types';
import { decodeBase64url, parseJsonObject } from './token-encoding';
import { claimFields, extractClaims } from './token-claims';

/** A key set that has not answered by then is reported as not checked. */
export const VERIFY_TIMEOUT_MS = 10_000;

/** The header segment as a JSON object, or undefined when it is not one. */
export function decodeJoseHeader(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64url(segment);
  return bytes === undefined ? undefined : parseJsonObject(bytes);
}

/** Inspects a 3-segment token whose header decoded to `header`. Never throws. */
export async function inspectJwt(
  token: string,
  header: Record<string, unknown>,
  options: InspectOptions,
): Promise<TokenInspection> {
  const [, payloadSegment = '', signatureSegment = ''] = token.split('.');
  const problems: string[] = [];
  if (typeof header.alg !== 'string') problems.push('the header has no "alg" string');
  if (header.b64 === false) problems.push('the header sets "b64": false, which JWTs do not allow');
  const payload = header.b64 === false ? undefined : decodeBase64url(payloadSegment);
  const claims = payload === undefined ? undefined : parseJsonObject(payload);
  if (header.b64 !== false && claims === undefined)
    problems.push('the payload is not a base64url-encoded JSON object');
  if (decodeBase64url(signatureSegment) === undefined)
    problems.push('the signature is not base64url');
  const extracted = claims ? extractClaims(claims, 'numeric-date', options.nowMs) : undefined;
  if (extracted) problems.push(...extracted.problems);
  return {
    kind: 'jwt',
    header,
    claims: claims ?? null,
    footer: null,
    ...claimFields(extracted),
    signature: await checkSignature(token, header, options),
    problem: problems.length > 0 ? problems.join('; ') : null,
  };
}

async function checkSignature(
  token: string,
  header: Record<string, unknown>,
  options: InspectOptions,
): Promise<SignatureCheck> {
  // Case-blind: "None" verifies nowhere either, and calling it signed would mislead.
  if (typeof header.alg === 'string' && header.alg.toLowerCase() === 'none') {
    return { state: 'not-checked', reason: 'alg: none (unsigned)' };
  }
  const gate = keysToVerifyWith(options);
  if ('unchecked' in gate) return gate.unchecked;
  const { keys } = gate;
  if (keys.jwks === undefined)
    return { state: 'not-checked', reason: `no JWT key set from ${keys.source}` };
  if (header.b64 === false)
    return { state: 'failed', reason: 'unencoded payload ("b64": false) is not allowed in a JWT' };

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), VERIFY_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([compactVerify(token, keys.jwks), timeout]);
    if (result === 'timeout') {
      return {
        state: 'not-checked',
        reason: `the keys from ${keys.source} did not answer within ${VERIFY_TIMEOUT_MS / 1000} s`,
      };
    }
    const kid = result.protectedHeader.kid;
    return {
      state: 'verified',
      keyId: typeof kid === 'string' ? kid : null,
      algorithm: result.protectedHeader.alg,
    };
  } catch (error) {
    return failureOf(error, keys);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * jose's reasons in our words, chosen by error code: some jose messages name
 * header parameters taken from the token (`crit` entries), and errors from a
 * key resolver may carry anything, so no message text is passed through.
 */
function failureOf(error: unknown, keys: VerificationKeys): SignatureCheck {
  const from = keys.source;
  const code = error instanceof errors.JOSEError ? error.code : undefined;
  switch (code) {
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return { state: 'failed', reason: 'signature verification failed' };
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return { state: 'failed', reason: `no key from ${from} matches the token's "kid" and "alg"` };
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return {
        state: 'failed',
        reason: `the token's "alg" or header is not supported with the keys from ${from}`,
      };
    case 'ERR_JWS_INVALID':
      return { state: 'failed', reason: 'the token is not a well-formed JWS' };
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return {
        state: 'not-checked',
        reason: `several keys from ${from} match the token's "kid" and "alg"`,
      };
    case 'ERR_JWKS_TIMEOUT':
      return { state: 'not-checked', reason: `the keys from ${from} did not answer in time` };
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return { state: 'not-checked', reason: `the key set from ${from} is malformed` };
    case 'ERR_JOSE_GENERIC':
      // jose's remote key set: not HTTP 200, or not JSON. Says nothing of the token.
      return { state: 'not-checked', reason: `could not get a usable key from ${from}` };
    case undefined:
      // Not jose's own verdict: the resolver could not fetch or hand over a key.
      return { state: 'not-checked', reason: `could not get a usable key from ${from}` };
    default:
      return {
        state: 'failed',
        reason: /^ERR_[A-Z_]{1,60}$/.test(code)
          ? `verification failed (${code})`
          : 'verification failed',
      };
  }
}
