/**
 * PASETO v4.public: `v4.public.<base64url(message || 64-byte sig)>[.<base64url footer>]`.
 * Decoding is local; the signature is checked with the `paseto` package and,
 * independently, with node:crypto (paseto-v4-verify.ts). Both must agree.
 *
 * Why the package needs care: its Verify always validates claims too (`exp`
 * required, expiry enforced, no switch to turn that off), while we check the
 * signature only and *report* times. It validates claims strictly after the
 * signature has held (PublicVerify: signature, then parseClaims, then
 * validateClaims), so a ClaimValidationError means "signature good". Should a
 * later version change that order, the node:crypto check disagrees and the
 * token fails closed rather than passing.
 */
import { keysToVerifyWith } from './signature-gate';
import { webcrypto } from 'node:crypto';
import { ClaimValidationError, PublicProtocol } from 'paseto';
import { PublicKeyFromCryptoKey, VerifyFactory } from 'paseto/v4/public';
import type { InspectOptions, SignatureCheck, TokenInspection } from './inspection-types';
import { decodeBase64url, decodeUtf8, parseJsonObject } from './token-encoding';
import { claimFields, extractClaims } from './token-claims';
import {
  ED25519_PUBLIC_KEY_BYTES,
  ED25519_SIGNATURE_BYTES,
  ed25519PublicKey,
  V4_PUBLIC_HEADER,
  verifyV4PublicSignature,
} from './paseto-v4-verify';

export { V4_PUBLIC_HEADER };

const v4 = new PublicProtocol(VerifyFactory);

interface PasetoParts {
  message: Uint8Array;
  signature: Uint8Array;
  footer: Uint8Array;
}

/** Inspects a token that starts with `v4.public.`. Never throws. */
export async function inspectPasetoV4Public(
  token: string,
  options: InspectOptions,
): Promise<TokenInspection> {
  const problems: string[] = [];
  const parts = splitToken(token, problems);
  const claims = parts ? parseJsonObject(parts.message) : undefined;
  if (parts && claims === undefined) problems.push('the payload is not a JSON object');
  const footer = parts && parts.footer.byteLength > 0 ? footerText(parts.footer, problems) : null;
  const extracted = claims ? extractClaims(claims, 'rfc3339', options.nowMs) : undefined;
  if (extracted) problems.push(...extracted.problems);
  const signature = await checkSignature(token, parts, claims !== undefined, footer, options);
  return {
    kind: 'paseto-v4-public',
    header: { version: 'v4', purpose: 'public' },
    claims: claims ?? null,
    footer,
    ...claimFields(extracted),
    signature,
    problem: problems.length > 0 ? problems.join('; ') : null,
  };
}

function splitToken(token: string, problems: string[]): PasetoParts | undefined {
  const segments = token.slice(V4_PUBLIC_HEADER.length).split('.');
  if (segments.length > 2) {
    problems.push('a v4.public token has at most one footer after the body');
    return undefined;
  }
  const [bodyText = '', footerText] = segments;
  const body = decodeBase64url(bodyText, true);
  if (body === undefined) {
    problems.push('the token body is not canonical base64url');
    return undefined;
  }
  if (body.byteLength <= ED25519_SIGNATURE_BYTES) {
    problems.push('the token body is too short to hold a message and a 64-byte signature');
    return undefined;
  }
  let footer: Uint8Array = new Uint8Array(0);
  if (footerText !== undefined) {
    const decoded = footerText === '' ? undefined : decodeBase64url(footerText, true);
    if (decoded === undefined) {
      problems.push('the footer is not canonical base64url');
      return undefined;
    }
    footer = decoded;
  }
  const split = body.byteLength - ED25519_SIGNATURE_BYTES;
  return { message: body.subarray(0, split), signature: body.subarray(split), footer };
}

function footerText(footer: Uint8Array, problems: string[]): string | null {
  const text = decodeUtf8(footer);
  if (text === undefined) problems.push('the footer is not UTF-8 text');
  return text ?? null;
}

/** A `kid` in a JSON footer (the usual PASERK key id), once the footer is authenticated. */
function footerKeyId(footer: string | null): string | null {
  if (footer === null || !footer.startsWith('{')) return null;
  const parsed = parseJsonObject(new TextEncoder().encode(footer));
  return parsed && typeof parsed.kid === 'string' ? parsed.kid : null;
}

async function checkSignature(
  token: string,
  parts: PasetoParts | undefined,
  payloadIsJson: boolean,
  footer: string | null,
  options: InspectOptions,
): Promise<SignatureCheck> {
  const gate = keysToVerifyWith(options);
  if ('unchecked' in gate) return gate.unchecked;
  const { keys } = gate;
  const raw = keys.pasetoPublicKey;
  if (raw === undefined)
    return { state: 'not-checked', reason: `no PASETO public key from ${keys.source}` };
  if (raw.byteLength !== ED25519_PUBLIC_KEY_BYTES) {
    return {
      state: 'not-checked',
      reason: `the PASETO public key from ${keys.source} is not ${ED25519_PUBLIC_KEY_BYTES} bytes`,
    };
  }
  const key = ed25519PublicKey(raw);
  if (key === undefined)
    return {
      state: 'not-checked',
      reason: `the PASETO public key from ${keys.source} is not a valid Ed25519 key`,
    };
  if (parts === undefined)
    return { state: 'failed', reason: 'the token is malformed, so its signature cannot hold' };

  const byNode = verifyV4PublicSignature(key, parts.message, parts.signature, parts.footer);
  // The package refuses a payload that is not a JSON object only after it has
  // checked the signature, and says so with the same error as a bad signature:
  // it has no verdict to give on such a token, so node:crypto decides alone.
  const byPackage = payloadIsJson ? await packageVerifies(raw, token) : byNode;
  if (byNode && byPackage)
    return { state: 'verified', keyId: footerKeyId(footer), algorithm: 'v4.public (Ed25519)' };
  if (!byNode && !byPackage) return { state: 'failed', reason: 'signature verification failed' };
  return { state: 'failed', reason: 'the two PASETO verifiers disagree; treated as failed' };
}

async function packageVerifies(raw: Uint8Array, token: string): Promise<boolean> {
  try {
    const cryptoKey = await webcrypto.subtle.importKey(
      'raw',
      Uint8Array.from(raw),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    await v4.Verify(await PublicKeyFromCryptoKey(cryptoKey), token, { allowNonExpiring: true });
    return true;
  } catch (error) {
    return error instanceof ClaimValidationError;
  }
}
