/**
 * A tiny, independent PASETO v4.public signature check on node:crypto
 * Ed25519, written from the spec (PAE, "Sign"/"Verify" of v4.public). It
 * cross-checks the `paseto` package in paseto-inspect.ts: two implementations
 * must agree before a token counts as verified.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const V4_PUBLIC_HEADER = 'v4.public.';
export const ED25519_SIGNATURE_BYTES = 64;
export const ED25519_PUBLIC_KEY_BYTES = 32;

const encoder = new TextEncoder();

/** LE64 from the spec: little-endian, with the top bit cleared. */
function le64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(value) & 0x7fff_ffff_ffff_ffffn, true);
  return out;
}

/** Pre-Authentication Encoding: LE64(count) then LE64(len) || piece for each piece. */
export function pae(pieces: readonly Uint8Array[]): Uint8Array {
  const parts = [le64(pieces.length)];
  for (const piece of pieces) parts.push(le64(piece.byteLength), piece);
  return Buffer.concat(parts);
}

/** What v4.public signs: PAE(h, m, f, i), here with an empty implicit assertion. */
export function v4PublicSigningInput(message: Uint8Array, footer: Uint8Array): Uint8Array {
  return pae([encoder.encode(V4_PUBLIC_HEADER), message, footer, new Uint8Array(0)]);
}

/** The raw 32-byte key as a KeyObject, or undefined when it is not a usable Ed25519 key. */
export function ed25519PublicKey(raw: Uint8Array): KeyObject | undefined {
  if (raw.byteLength !== ED25519_PUBLIC_KEY_BYTES) return undefined;
  try {
    return createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
}

export function verifyV4PublicSignature(
  key: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
  footer: Uint8Array,
): boolean {
  if (signature.byteLength !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return verify(null, v4PublicSigningInput(message, footer), key, signature);
  } catch {
    return false;
  }
}
