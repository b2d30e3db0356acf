/**
 * Test helper (imported only by *.test.ts here): real keys and tokens made
 * with jose and node:crypto, so tests verify what a provider would issue.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { v4PublicSigningInput, V4_PUBLIC_HEADER } from './paseto-v4-verify';
import type { VerificationKeys } from './inspection-types';

export type JwtAlg = 'ES256' | 'RS256' | 'EdDSA';

export interface JwtSigner {
  alg: JwtAlg;
  kid: string;
  jwks: JWTVerifyGetKey;
  sign(claims: JWTPayload, header?: Record<string, unknown>): Promise<string>;
}

export async function jwtSigner(alg: JwtAlg, kid = `key-${alg.toLowerCase()}`): Promise<JwtSigner> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg };
  return {
    alg,
    kid,
    jwks: createLocalJWKSet({ keys: [jwk] }),
    sign: (claims, header = {}) =>
      new SignJWT(claims).setProtectedHeader({ ...header, alg, kid }).sign(privateKey),
  };
}

export function jwtKeys(jwks: JWTVerifyGetKey, source = 'provider "acme"'): VerificationKeys {
  return { jwks, source };
}

const b64u = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

export function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The token with its payload re-encoded after `edit`, header and signature kept. */
export function editJwtClaims(
  token: string,
  edit: (claims: Record<string, unknown>) => void,
): string {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const claims = decodeSegment(payload);
  edit(claims);
  return `${header}.${b64u(JSON.stringify(claims))}.${signature}`;
}

export function unsignedJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown> | string,
): string {
  const payload = typeof claims === 'string' ? claims : JSON.stringify(claims);
  return `${b64u(JSON.stringify(header))}.${b64u(payload)}.`;
}

export interface PasetoSigner {
  publicKey: Uint8Array;
  /** Signs with node:crypto Ed25519 over the spec's PAE. */
  sign(payload: Record<string, unknown> | string, footer?: string): string;
}

export function pasetoSigner(): PasetoSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: rawEd25519Public(publicKey),
    sign: (payload, footer) => signPaseto(privateKey, payload, footer),
  };
}

export function rawEd25519Public(key: KeyObject): Uint8Array {
  const x = key.export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new Error('not an Ed25519 public key');
  return new Uint8Array(Buffer.from(x, 'base64url'));
}

export function signPaseto(
  privateKey: KeyObject,
  payload: Record<string, unknown> | string,
  footer = '',
): string {
  const message = Buffer.from(
    typeof payload === 'string' ? payload : JSON.stringify(payload),
    'utf8',
  );
  const footerBytes = Buffer.from(footer, 'utf8');
  const signature = sign(null, v4PublicSigningInput(message, footerBytes), privateKey);
  const body = `${V4_PUBLIC_HEADER}${b64u(Buffer.concat([message, signature]))}`;
  return footer === '' ? body : `${body}.${b64u(footerBytes)}`;
}

export function pasetoKeys(publicKey: Uint8Array, source = 'provider "acme"'): VerificationKeys {
  return { pasetoPublicKey: publicKey, source };
}
